package dev.sparkbert.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executor JVMs that run int8 share one unpacked copy of ONNX Runtime and leave nothing else behind. */
class OnnxRuntimeLibrariesTest {

    private static final String SHARED = "spark-bert-native-" + System.getProperty("user.name");

    /** A JVM that opens ONNX Runtime as {@link OnnxEncoder} does, then exits; prints where ORT loaded from. */
    public static void main(String[] args) throws Exception {
        OnnxRuntimeLibraries.prepare();
        System.out.println("version " + OrtEnvironment.getEnvironment().getVersion());
        System.out.println("loaded from " + Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.endsWith(System.mapLibraryName("onnxruntime")))
                .map(l -> l.substring(l.indexOf('/'))).findFirst().orElse("nowhere"));
    }

    @Test
    void twoExecutorJvmsUnpackOnceAndLeaveOnlyTheSharedFolder(@TempDir Path tmp) throws Exception {
        String platform = OnnxRuntimeLibraries.platform();
        assertNotNull(platform, "this test's machine runs a platform ONNX Runtime ships");

        String first = runChild(tmp);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(SHARED), s.map(p -> p.getFileName().toString()).toList(),
                    "the JVM's temporary folder after it exited");
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(SHARED))));
        Path dir;
        try (Stream<Path> s = Files.list(tmp.resolve(SHARED))) {
            dir = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
        assertTrue(dir.getFileName().toString().startsWith("onnxruntime-" + platform + "-"), dir.toString());
        Path main = dir.resolve(System.mapLibraryName("onnxruntime"));
        assertTrue(first.contains("loaded from " + main), first);
        for (String library : List.of("onnxruntime", "onnxruntime4j_jni")) {
            URL packed = getClass().getClassLoader()
                    .getResource("ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(library));
            assertEquals(packed.openConnection().getContentLengthLong(), Files.size(dir.resolve(System.mapLibraryName(library))),
                    library);
        }

        FileTime unpacked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(main, unpacked);
        String second = runChild(tmp);
        assertTrue(second.contains("loaded from " + main), second);
        assertEquals(unpacked, Files.getLastModifiedTime(main), "the second JVM unpacked the libraries again");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "the second JVM left something in its temporary folder");
        }
    }

    @Test
    void aFolderOthersCanWriteInIsRefused(@TempDir Path tmp) throws Exception {
        Path shared = Files.createDirectory(tmp.resolve(SHARED));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class,
                () -> OnnxRuntimeLibraries.folder(tmp, OnnxRuntimeLibraries.platform()));
        assertTrue(e.getMessage().contains(shared.toString()) && e.getMessage().contains("rwxrwxrwx"), e.getMessage());
        try (Stream<Path> s = Files.list(shared)) {
            assertEquals(0, s.count(), "unpacked into a folder others can write in");
        }
    }

    @Test
    void aUserIdWithoutTheJvmsUserNameStillUnpacksOnce(@TempDir Path tmp) throws Exception {
        // Containers often run as a user id with no name: the JVM's user.name then is "?".
        String out = runChild(tmp, "-Duser.name=?");
        Path shared = tmp.resolve("spark-bert-native-?");
        assertTrue(out.contains("loaded from " + shared), out);
    }

    /** Runs {@link #main} in a JVM whose temporary folder is {@code tmp}; returns its output. */
    private static String runChild(Path tmp, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + tmp));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OnnxRuntimeLibrariesTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
