package dev.sparkbert.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs jar run for real by {@code org.apache.spark.deploy.SparkSubmit} in separate processes:
 * against {@code local[2]}, and against a standalone Master with two Workers on loopback (one core
 * each), where the two training replicas are two executor JVMs and the all-reduce crosses
 * processes. SPARK_HOME is a folder whose {@code jars/} links the Spark jars of this test's
 * classpath; everything else comes from the jobs jar.
 */
class SparkSubmitIT {

    private static final Path JOBS_JAR = Path.of(System.getProperty("sparkbert.jobsJar"));
    private static final Path SAMPLES = Path.of("..", "data-samples").toAbsolutePath().normalize();
    private static final String TINY = Path.of(System.getProperty("sparkbert.fixtures"), "bert_model").toAbsolutePath()
            .toString();

    /**
     * With Spark's authentication and RPC encryption on, the replicas' links are TLS with a key
     * derived from Spark's application secret.
     */
    @Test
    void finetuneRunsUnderSparkSubmitOnLocalTwoWithSparksSecurityOn(@TempDir Path tmp) throws Exception {
        Path home = sparkHome(tmp);
        Path out = tmp.resolve("out");
        Process p = start(home, tmp.resolve("submit.log"), "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.authenticate=true", "--conf", "spark.authenticate.secret=it-secret",
                "--conf", "spark.network.crypto.enabled=true",
                "--class", "dev.sparkbert.cli.SparkBertCli", JOBS_JAR.toString(), "finetune",
                "--task", "sequence-classification", "--model", TINY, "--train", SAMPLES.resolve("sentiment/train.tsv")
                        .toString(), "--text-col", "sentence", "--output", out.toString(), "--workers", "2",
                "--max-steps", "4", "--per-worker-batch-size", "4", "--max-length", "32");
        assertFinishedWell(p, tmp.resolve("submit.log"), out);
        String log = Files.readString(tmp.resolve("submit.log"));
        assertTrue(log.contains("all-reduce links: TLS 1.3, HMAC key from Spark's application secret"), tail(log));
    }

    /**
     * Fine-tunes with two replicas in two executor JVMs, with the model, the checkpoints and the
     * output on a file system that exists only through {@code spark.hadoop.*} settings (a viewfs
     * mount table), then predicts with the saved stage there. Each replica runs one PyTorch thread:
     * its executor's one core ({@code spark.task.cpus}), not the host's.
     */
    @Test
    void finetuneAndPredictAcrossTwoExecutorJvmsOfAStandaloneCluster(@TempDir Path tmp) throws Exception {
        Path home = sparkHome(tmp);
        int port = freePort();
        List<Process> cluster = new ArrayList<>();
        try {
            cluster.add(start(home, tmp.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
            waitForPort(port);
            for (int w = 0; w < 2; w++) {
                Path work = Files.createDirectories(tmp.resolve("work" + w));
                cluster.add(start(home, tmp.resolve("worker" + w + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "spark://127.0.0.1:" + port, "--host", "127.0.0.1", "--cores", "1", "--memory", "3g",
                        "--work-dir", work.toString(), "--webui-port", Integer.toString(freePort())));
            }
            copyTree(Path.of(TINY), tmp.resolve("store/tiny"));
            String store = "viewfs://t/store";
            List<String> submit = List.of("org.apache.spark.deploy.SparkSubmit", "--master",
                    "spark://127.0.0.1:" + port, "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=2g",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executorEnv.DJL_OFFLINE=true",
                    // A barrier stage needs both executors: wait until they registered.
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s");
            List<String> key = List.of("--conf", "spark.hadoop.fs.viewfs.mounttable.t.link./store="
                    + tmp.resolve("store").toUri());
            Process p = launch(home, tmp.resolve("submit.log"), concat(submit, key, List.of(
                    "--class", "dev.sparkbert.cli.SparkBertCli", JOBS_JAR.toString(), "finetune",
                    "--task", "sequence-classification", "--model", store + "/tiny", "--train",
                    SAMPLES.resolve("sentiment/train.tsv").toString(), "--text-col", "sentence", "--output",
                    store + "/out", "--checkpoint-dir", store + "/checkpoints", "--checkpoint-steps", "2",
                    "--workers", "2", "--max-steps", "4", "--per-worker-batch-size", "4", "--max-length", "32",
                    "--logging-steps", "1")));
            Path out = tmp.resolve("store/out");
            assertFinishedWell(p, tmp.resolve("submit.log"), out);
            // The driver showed every step while rank 0 trained in another JVM (its progress bar lines).
            String driver = Files.readString(tmp.resolve("submit.log"));
            for (int step = 1; step <= 4; step++) {
                assertTrue(java.util.regex.Pattern.compile("\\] step " + step + "/4 epoch [0-9.]+ loss [0-9.]+ lr \\S+"
                        + " samples/s [0-9.]+ ETA").matcher(driver).find(), "step " + step + " on the driver:\n"
                        + tail(driver));
            }
            assertTrue(Files.isDirectory(tmp.resolve("store/checkpoints/checkpoint-2")), "a checkpoint on the store");
            String metrics = Files.readString(out.resolve("metrics.json"));
            assertTrue(metrics.replaceAll("\\s", "").contains("\"replica_threads\":[1,1]"), metrics);
            // Two executors (one per worker), each ran one replica: the all-reduce crossed processes.
            long executors;
            try (var dirs = Files.walk(tmp, 3)) {
                executors = dirs.filter(d -> d.getFileName().toString().matches("\\d+")
                        && d.getParent().getFileName().toString().startsWith("app-")).count();
            }
            assertEquals(2, executors, "executor folders under the workers' work dirs");

            List<String> predict = List.of("--class", "dev.sparkbert.cli.SparkBertCli", JOBS_JAR.toString(), "predict",
                    "--task", "sequence-classification", "--model", store + "/out/model", "--input",
                    SAMPLES.resolve("sentiment/test.tsv").toString(), "--text-col", "sentence", "--output",
                    store + "/scored", "--precision", "int8"); // executors load ONNX Runtime's native library from the jar
            Process scored = launch(home, tmp.resolve("predict.log"), concat(submit, key, predict));
            assertTrue(scored.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, scored.exitValue(), tail(Files.readString(tmp.resolve("predict.log"))));
            try (var parts = Files.list(tmp.resolve("store/scored"))) {
                assertTrue(parts.anyMatch(f -> f.getFileName().toString().startsWith("part-")));
            }
            // The store exists only through the settings.
            var unmounted = assertThrows(IOException.class, () -> new org.apache.hadoop.fs.Path(store + "/out/model")
                    .getFileSystem(new org.apache.hadoop.conf.Configuration()));
            assertTrue(unmounted.getMessage().contains("Empty Mount table"), unmounted.getMessage());

            // Executor loss: the same fit, but replica 1's executor JVM halts before step 3 (after
            // checkpoint-2). The Worker relaunches an executor, Spark retries the barrier stage, the
            // replicas resume from checkpoint-2 and end with the undisturbed fit's weights.
            Path marker = tmp.resolve("halted");
            Process killed = launch(home, tmp.resolve("killed.log"), concat(submit, key, List.of(
                    "--conf", "spark.executor.extraJavaOptions=-Ddev.sparkbert.faultInjection.haltBeforeStep=1:3:" + marker,
                    "--class", "dev.sparkbert.cli.SparkBertCli", JOBS_JAR.toString(), "finetune",
                    "--task", "sequence-classification", "--model", store + "/tiny", "--train",
                    SAMPLES.resolve("sentiment/train.tsv").toString(), "--text-col", "sentence", "--output",
                    store + "/out-killed", "--checkpoint-dir", store + "/checkpoints-killed", "--checkpoint-steps",
                    "2", "--workers", "2", "--max-steps", "4", "--per-worker-batch-size", "4", "--max-length", "32")));
            assertFinishedWell(killed, tmp.resolve("killed.log"), tmp.resolve("store/out-killed"));
            String killedLog = Files.readString(tmp.resolve("killed.log"));
            assertTrue(Files.exists(marker), "an executor JVM was halted:\n" + tail(killedLog));
            assertTrue(killedLog.matches("(?s).*resuming from \\S*checkpoint-2 after step 2.*"), tail(killedLog));
            String weights = "model/data/checkpoint/model.safetensors";
            assertEquals(-1, Files.mismatch(out.resolve(weights), tmp.resolve("store/out-killed").resolve(weights)),
                    "the resumed fit ends with the undisturbed fit's weights");
        } finally {
            for (Process c : cluster) {
                c.destroy();
                c.waitFor(10, TimeUnit.SECONDS);
                c.destroyForcibly();
            }
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static void assertFinishedWell(Process p, Path log, Path out) throws Exception {
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertTrue(done, "spark-submit did not finish:\n" + tail(text));
        assertEquals(0, p.exitValue(), tail(text));
        assertTrue(text.contains("train samples/s="), tail(text));
        assertTrue(Files.isRegularFile(out.resolve("model/data/checkpoint/model.safetensors")));
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"workers\": 2") && metrics.contains("\"steps\": 4"), metrics);
    }

    /** A SPARK_HOME for this machine: jars/ links the Spark-side jars of the test classpath. */
    private static Path sparkHome(Path tmp) throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String s = jar.toString();
            boolean ours = s.contains("/ai/djl/") || s.contains("/dev/langchain4j/") || s.contains("/dev/sparkbert/")
                    || s.contains("spark-bert-") || s.contains("/com/google/protobuf/") || s.contains("junit")
                    || s.contains("opentest4j") || s.contains("apiguardian") || s.contains("surefire")
                    || s.contains("failsafe");
            if (s.endsWith(".jar") && !ours && Files.isRegularFile(jar)) {
                Path link = jars.resolve(jar.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, jar);
                }
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.stdout.ref = console",
                "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                "logger.sparkbert.name = dev.sparkbert", "logger.sparkbert.level = info", ""));
        return home;
    }

    private static Process start(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(mainClass));
        all.addAll(List.of(args));
        return launch(home, log, all.toArray(new String[0]));
    }

    /** Runs {@code mainAndArgs} (a main class and its arguments) in a new JVM with SPARK_HOME's jars. */
    private static Process launch(Path home, Path log, String[] mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        cmd.addAll(List.of("-Xmx2g", "-cp", home.resolve("conf") + File.pathSeparator + home.resolve("jars") + "/*"));
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", System.getProperty("sparkbert.scalaBinaryVersion"));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("SPARK_BERT_DEBUG", "1");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + port);
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }
}
