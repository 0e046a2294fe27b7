package dev.sparkbert.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFoldersTest {

    /** Run in a child JVM: fills the folder {@code args[0]}, registers {@code args[0]} for deletion, exits. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model").resolve("config.json"), "{}");
        if (args.length > 1) {
            LocalFolders.deleteAtExit(dir);
        }
    }

    @Test
    void aRegisteredFolderIsDeletedWithItsFilesWhenTheJvmExits(@TempDir Path tmp) throws Exception {
        Path registered = tmp.resolve("registered");
        Path kept = tmp.resolve("kept");
        assertEquals(0, runChild(registered.toString(), "register"));
        assertEquals(0, runChild(kept.toString()));
        assertFalse(Files.exists(registered), "a registered folder outlives its JVM");
        assertTrue(Files.isRegularFile(kept.resolve("model").resolve("config.json")), "an unregistered folder was deleted");
    }

    @Test
    void foldersInsideARegisteredOneAreDeletedWithIt(@TempDir Path tmp) {
        Path dir = tmp.resolve("fit");
        LocalFolders.deleteAtExit(dir);
        assertTrue(LocalFolders.isDeletedAtExit(dir.resolve("model")));
        assertTrue(LocalFolders.isDeletedAtExit(dir.resolve("model").resolve("..")));
        assertFalse(LocalFolders.isDeletedAtExit(tmp.resolve("fit2")));
        assertFalse(LocalFolders.isDeletedAtExit(tmp));
    }

    @Test
    void foldersIdleLongerThanTheLimitAreDeletedAndAUseRenewsOne(@TempDir Path root) throws Exception {
        FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofHours(25)));
        Path idle = published(root.resolve("idle"), dayAgo);
        Path usedAgain = published(root.resolve("used-again"), dayAgo);
        Path recent = published(root.resolve("recent"), FileTime.from(Instant.now()));
        Path deadWriter = Files.createDirectory(root.resolve(".idle123"));
        Files.setLastModifiedTime(deadWriter, dayAgo);
        Path writing = Files.createDirectory(root.resolve(".recent456"));
        Path unpublished = Files.createDirectory(root.resolve("not-ours"));
        Files.setLastModifiedTime(unpublished, dayAgo);
        Files.writeString(root.resolve("a-file"), "x");

        assertTrue(LocalFolders.use(usedAgain));
        assertFalse(LocalFolders.use(root.resolve("missing")));
        LocalFolders.deleteIdle(root, Duration.ofHours(24));

        assertFalse(Files.exists(idle));
        assertFalse(Files.exists(deadWriter));
        for (Path kept : List.of(usedAgain, recent, writing, unpublished, root.resolve("a-file"))) {
            assertTrue(Files.exists(kept), kept + " was deleted");
        }
        assertTrue(Files.isRegularFile(recent.resolve("model.safetensors")));
        try (var left = Files.list(root)) {
            assertEquals(5, left.count(), "nothing else is left (no renamed folder)");
        }
        LocalFolders.deleteIdle(root.resolve("missing"), Duration.ZERO); // no cache yet: nothing to do
    }

    /** A published folder with one file, last used at {@code used}. */
    private static Path published(Path dir, FileTime used) throws IOException {
        Path work = LocalFolders.workFolderFor(dir);
        Files.writeString(work.resolve("model.safetensors"), "weights");
        LocalFolders.publish(work, dir);
        Files.setLastModifiedTime(dir.resolve(".complete"), used);
        return dir;
    }

    private static int runChild(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalFoldersTest.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        assertEquals(0, p.exitValue(), out);
        return p.exitValue();
    }
}
