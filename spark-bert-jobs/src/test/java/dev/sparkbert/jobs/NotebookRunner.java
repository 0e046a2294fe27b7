package dev.sparkbert.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * Runs Databricks Scala source notebooks ({@code // Databricks notebook source}, cells split by
 * {@code // COMMAND ----------}, {@code // MAGIC} cells are markdown) cell by cell in the Scala
 * interpreter of the build's Scala version, with {@code spark}, {@code sc}, {@code display} and
 * {@code displayHTML} defined as on Databricks. The first cell that does not compile or throws
 * fails the run, naming the cell.
 */
final class NotebookRunner implements AutoCloseable {

    private final IMain intp;
    private final StringWriter output = new StringWriter();
    private final SparkSession spark;

    NotebookRunner(String master) {
        Settings settings = new Settings();
        ((scala.tools.nsc.settings.MutableSettings.BooleanSetting) settings.usejavacp()).value_$eq(true);
        // Class-based wrappers: with object wrappers, Spark task threads deadlock on a cell's static initialiser.
        ((scala.tools.nsc.settings.MutableSettings.BooleanSetting) settings.Yreplclassbased()).value_$eq(true);
        intp = Interpreters.start(settings, new PrintWriter(output, true));
        // Executors (threads here) must see classes defined in cells.
        Thread.currentThread().setContextClassLoader(intp.classLoader());
        spark = SparkSession.builder().master(master).appName("notebooks").config("spark.ui.enabled", "false")
                .getOrCreate();
        scala.collection.immutable.List<String> transientMod =
                scala.collection.JavaConverters.asScalaBuffer(List.of("@transient")).toList();
        intp.bind("spark", "org.apache.spark.sql.SparkSession", spark, transientMod);
        for (String setup : List.of("@transient val sc = spark.sparkContext", "import spark.implicits._",
                "def display(ds: org.apache.spark.sql.Dataset[_]): Unit = ds.show(20, false)",
                "def displayHTML(html: String): Unit = println(\"<html: \" + html.length + \" chars>\")")) {
            if (intp.interpret(setup) != Results.Success$.MODULE$) {
                throw new IllegalStateException("notebook prelude failed: " + setup + "\n" + output);
            }
        }
    }

    /** The code cells of a notebook, in order. */
    static List<String> codeCells(Path notebook) throws IOException {
        String text = Files.readString(notebook);
        if (!text.startsWith("// Databricks notebook source")) {
            throw new IllegalArgumentException(notebook + " is not a Databricks Scala source notebook");
        }
        List<String> cells = new ArrayList<>();
        for (String cell : text.substring(text.indexOf('\n') + 1).split("\n// COMMAND ----------\n")) {
            boolean markdown = cell.lines().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("// MAGIC"));
            if (!markdown) {
                cells.add(cell);
            }
        }
        return cells;
    }

    /** Runs every code cell; throws at the first that fails, with its text and the interpreter's messages. */
    void run(Path notebook) throws IOException {
        List<String> cells = codeCells(notebook);
        for (int i = 0; i < cells.size(); i++) {
            int mark = output.getBuffer().length();
            // Lets a cell define a case class and decode it in the same cell.
            Results.Result r = intp.interpret("org.apache.spark.sql.catalyst.encoders.OuterScopes.addOuterScope(this);\n"
                    + cells.get(i));
            if (r != Results.Success$.MODULE$) {
                throw new AssertionError(notebook.getFileName() + ": code cell " + (i + 1) + " of " + cells.size()
                        + " ended with " + r + ":\n" + cells.get(i) + "\n--- interpreter output ---\n"
                        + output.getBuffer().substring(mark));
            }
        }
    }

    @Override
    public void close() {
        spark.stop();
        intp.close();
    }
}
