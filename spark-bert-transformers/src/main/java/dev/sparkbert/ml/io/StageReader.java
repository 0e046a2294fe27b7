package dev.sparkbert.ml.io;

import dev.sparkbert.ml.param.BertStageParams;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

/**
 * Loads a stage saved by {@link StageWriter}: params from the metadata, the model location pointing
 * at the saved checkpoint.
 *
 * @param <T> the stage class
 */
public final class StageReader<T extends BertStageParams<?>> extends MLReader<T> {

    private final Class<T> type;

    public StageReader(Class<T> type) {
        this.type = type;
    }

    /** Whether {@code location} is a saved Spark stage (a folder with {@code metadata/}) rather than a checkpoint. */
    public static boolean isSavedStage(String location, org.apache.hadoop.conf.Configuration hadoop) {
        if (dev.sparkbert.ml.exec.ModelLocation.EMBEDDED.equals(location)
                || location.startsWith(dev.sparkbert.ml.exec.DriverCheckpoint.PREFIX)) {
            return false;
        }
        Path metadata = new Path(location, "metadata");
        try {
            return metadata.getFileSystem(hadoop).isDirectory(metadata);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + location, e);
        }
    }

    @Override
    public T load(String path) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), type.getName());
        T stage;
        try {
            stage = type.getConstructor(String.class).newInstance(metadata.uid());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a public (String uid) constructor", e);
        }
        metadata.getAndSetParams(stage, Option.empty());
        stage.set(stage.modelLocation(), new Path(path, StageWriter.CHECKPOINT_DIR).toString());
        return stage;
    }
}
