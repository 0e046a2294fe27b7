package dev.sparkbert.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A command's new output folder on any Hadoop FileSystem (the session's configuration): written
 * under a hidden temporary name beside it and renamed into place by {@link #commit()}, so a failed
 * command leaves nothing half-written; a folder that exists is refused, never overwritten.
 */
final class OutputFolder implements AutoCloseable {

    private final FileSystem fs;
    private final Path target;
    private final Path work;
    private boolean committed;

    private OutputFolder(FileSystem fs, Path target, Path work) {
        this.fs = fs;
        this.target = target;
        this.work = work;
    }

    /** Refuses an existing {@code path}; else a work folder to fill before {@link #commit()}. */
    static OutputFolder create(String command, String option, String path, Configuration hadoop) throws IOException {
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(hadoop);
        target = fs.makeQualified(target);
        if (fs.exists(target)) {
            throw new Options.UsageException(command + ": --" + option + " " + path + " already exists; give a new"
                    + " folder");
        }
        Path work = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        return new OutputFolder(fs, target, work);
    }

    /** Where {@code child} (empty: the folder itself) is written before the commit. */
    String work(String child) {
        return child.isEmpty() ? work.toString() : new Path(work, child).toString();
    }

    /** Where {@code child} (empty: the folder itself) is once committed. */
    String published(String child) {
        return child.isEmpty() ? target.toString() : new Path(target, child).toString();
    }

    /** Writes a small file into the folder. */
    void write(String child, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new Path(work, child), false)) {
            out.write(bytes);
        }
    }

    /** Publishes the folder under its name; fails if something appeared there meanwhile. */
    void commit() throws IOException {
        if (!fs.exists(work)) {
            fs.mkdirs(work);
        }
        if (fs.exists(target) || !fs.rename(work, target)) {
            throw new IOException("cannot publish " + target + " (it exists now, or the rename failed); the output is"
                    + " in " + work);
        }
        committed = true;
    }

    /** Deletes the work folder of an output that was not committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            fs.delete(work, true);
        }
    }
}
