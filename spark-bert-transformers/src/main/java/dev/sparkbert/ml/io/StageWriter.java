package dev.sparkbert.ml.io;

import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.param.BertStageParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saves a stage as Spark MLlib does (metadata with every param) plus its HF checkpoint under
 * {@code data/checkpoint}, a folder HF transformers opens with {@code from_pretrained}. Spark's
 * {@link MLWriter#save} refuses an existing path unless {@code overwrite()} was called.
 */
public final class StageWriter extends MLWriter {

    /** The checkpoint folder inside a saved stage. */
    public static final String CHECKPOINT_DIR = "data/checkpoint";

    private final BertStageParams<?> stage;

    public StageWriter(BertStageParams<?> stage) {
        this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(stage, path, sc(), Option.empty(), Option.empty());
        try {
            ModelLocation.copyCheckpoint(stage.getModelLocation(), new Path(path, CHECKPOINT_DIR),
                    sc().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the checkpoint of " + stage.uid() + " from "
                    + stage.getModelLocation() + " to " + path, e);
        }
    }
}
