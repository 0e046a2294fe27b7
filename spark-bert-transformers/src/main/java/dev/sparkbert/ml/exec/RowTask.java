package dev.sparkbert.ml.exec;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What a stage computes, shipped to executors: read a row's inputs, then compute the output values
 * of many rows at once with a loaded model. Built on the driver from the stage's params, so it
 * carries plain values only.
 */
public interface RowTask extends Serializable {

    /**
     * The row's inputs, or null when an input column is null (the row's outputs are then null).
     *
     * @throws InvalidInputException when a value is malformed (handled per {@code handleInvalid})
     */
    Object prepare(Row row);

    /** The output values of each input, in the same order; each array has one value per output column. */
    List<Object[]> run(LoadedModel model, List<Object> inputs);

    /** Number of output columns. */
    int outputCount();

    /** A malformed input value; the message names the column. */
    final class InvalidInputException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidInputException(String message) {
            super(message);
        }
    }
}
