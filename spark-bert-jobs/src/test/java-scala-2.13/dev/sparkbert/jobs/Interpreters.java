package dev.sparkbert.jobs;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/** The Scala 2.13 interpreter, ready for {@code interpret} (2.13 moved its reporter into the shell package). */
final class Interpreters {

    private Interpreters() {}

    static IMain start(Settings settings, PrintWriter out) {
        IMain intp = new IMain(settings, new ReplReporterImpl(settings, out));
        if (!intp.initializeCompiler()) {
            throw new IllegalStateException("the Scala interpreter did not start");
        }
        return intp;
    }
}
