package dev.sparkbert.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Local folders that are written once and shared: by several tasks of one JVM, or several JVMs of
 * one machine (model caches, converted checkpoints). A folder is filled under a temporary name and
 * published by an atomic rename with a {@code .complete} marker, so readers never see half of it.
 */
public final class LocalFolders {

    private static final String COMPLETE = ".complete";

    private LocalFolders() {}

    /** Whether {@code dir} has been published. */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(COMPLETE));
    }

    /** A new empty folder next to {@code dir}, to fill and then {@link #publish}. */
    public static Path workFolderFor(Path dir) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(dir.toAbsolutePath().getParent()),
                "." + dir.getFileName());
    }

    /**
     * Marks {@code work} complete and renames it to {@code dir}; if another writer published {@code
     * dir} first, its folder is kept and {@code work} is deleted.
     */
    public static Path publish(Path work, Path dir) throws IOException {
        Files.createFile(work.resolve(COMPLETE));
        try {
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!isComplete(dir)) {
                throw e;
            }
            deleteTree(work);
        }
        return dir;
    }

    /** Deletes a folder and everything in it (nothing if it does not exist). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
