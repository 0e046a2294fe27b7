package dev.sparkbert.jobs;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;

/** The Scala 2.12 interpreter, ready for {@code interpret}. */
final class Interpreters {

    private Interpreters() {}

    static IMain start(Settings settings, PrintWriter out) {
        IMain intp = new IMain(settings, out);
        intp.initializeSynchronous();
        return intp;
    }
}
