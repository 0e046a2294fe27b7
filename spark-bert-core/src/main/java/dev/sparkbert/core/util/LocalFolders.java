package dev.sparkbert.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Local folders that are written once and shared: by several tasks of one JVM, or several JVMs of
 * one machine (model caches, converted checkpoints). A folder is filled under a temporary name and
 * published by an atomic rename with a {@code .complete} marker, so readers never see half of it.
 */
public final class LocalFolders {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalFolders.class);
    private static final String COMPLETE = ".complete";
    /** Folders this JVM deletes when it exits; guarded by itself. */
    private static final Set<Path> AT_EXIT = new LinkedHashSet<>();

    private LocalFolders() {}

    /** Whether {@code dir} has been published. */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(COMPLETE));
    }

    /**
     * Whether {@code dir} has been published, recording this use for {@link #deleteIdle} (the
     * marker's modification time).
     */
    public static boolean use(Path dir) {
        try {
            Files.setLastModifiedTime(dir.resolve(COMPLETE), FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return isComplete(dir); // a folder this user may read but not touch
        }
    }

    /**
     * Deletes the folders in {@code root} that were published but not {@linkplain #use used} for
     * {@code idle}, and work folders older than that (their writer died). Each is renamed first, so
     * no reader finds half of it and two JVMs sweeping at once delete it once. A reader that uses
     * a folder in the instant it is renamed fails loudly (its files are gone) and, as a Spark
     * task, is retried and copies it again.
     */
    public static void deleteIdle(Path root, Duration idle) {
        Instant cutoff = Instant.now().minus(idle);
        List<Path> children;
        try (Stream<Path> s = Files.list(root)) {
            children = s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return;
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            try {
                Path marker = child.resolve(COMPLETE);
                Path dated = Files.exists(marker) ? marker : name.startsWith(".") ? child : null;
                if (dated == null || Files.getLastModifiedTime(dated).toInstant().isAfter(cutoff)) {
                    continue;
                }
                Path doomed = root.resolve(".deleting-" + name + "-" + System.nanoTime());
                Files.move(child, doomed, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(doomed);
            } catch (IOException | RuntimeException e) {
                // Another JVM renamed or deleted it first, or it is not ours to delete: keep going.
                LOG.debug("kept {}: {}", child, e.toString());
            }
        }
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

    /**
     * Deletes {@code dir} and everything in it when this JVM exits normally (a shutdown hook), for
     * folders no later JVM can use: a fitted model that was never saved, weights shared from this
     * driver's memory. {@link java.io.File#deleteOnExit} deletes empty folders only.
     */
    public static void deleteAtExit(Path dir) {
        synchronized (AT_EXIT) {
            if (AT_EXIT.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(LocalFolders::deleteRegistered, "spark-bert-cleanup"));
            }
            AT_EXIT.add(dir.toAbsolutePath().normalize());
        }
    }

    /** Whether {@code path} lies in a folder registered with {@link #deleteAtExit}. */
    public static boolean isDeletedAtExit(Path path) {
        Path p = path.toAbsolutePath().normalize();
        synchronized (AT_EXIT) {
            return AT_EXIT.stream().anyMatch(p::startsWith);
        }
    }

    private static void deleteRegistered() {
        List<Path> dirs;
        synchronized (AT_EXIT) {
            dirs = List.copyOf(AT_EXIT);
        }
        for (Path dir : dirs) {
            try {
                deleteTree(dir);
            } catch (IOException | RuntimeException e) {
                // The JVM is exiting: a folder left behind is not worth a failed exit.
                LOG.warn("could not delete {} at exit: {}", dir, e.toString());
            }
        }
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
