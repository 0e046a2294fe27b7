package dev.sparkbert.training.param;

import dev.sparkbert.ml.param.BertParams;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/** Where training checkpoints and the trained model go, and how often checkpoints are written. */
public interface CheckpointParams<S extends CheckpointParams<S>> extends BertParams<S> {

    default Param<String> checkpointDir() {
        return stringParam("checkpointDir", "folder (any Hadoop FileSystem, shared by the driver and all executors on a"
                + " cluster) where training checkpoints and the trained checkpoint are written; empty: a temporary folder"
                + " on the driver that goes when the driver exits (local mode or a one-machine cluster; executors on"
                + " other machines are refused)", "");
    }

    default IntParam checkpointSteps() {
        return intParam("checkpointSteps", "write a resumable checkpoint to checkpointDir every this many steps (0:"
                + " never); a retried or restarted fit with the same settings resumes from the newest", 0,
                ParamValidators.gtEq(0));
    }

    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    default int getCheckpointSteps() {
        return (Integer) getOrDefault(checkpointSteps());
    }

    default S setCheckpointDir(String value) {
        return with(checkpointDir(), value);
    }

    default S setCheckpointSteps(int value) {
        return with(checkpointSteps(), value);
    }
}
