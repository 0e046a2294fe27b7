package dev.sparkbert.training.data;

import java.util.List;

/**
 * The index of a row's label among the labels a head learned from the training rows. Training rows
 * always find theirs; a validation row whose label the training rows lack fails naming the row.
 */
public final class LabelIndex {

    private LabelIndex() {}

    /**
     * The index of {@code label} in {@code labels}.
     *
     * @param param the param naming the label column, for the error
     * @param row the row the label comes from, for the error
     * @throws IllegalArgumentException when {@code labels} lacks it
     */
    public static int of(List<String> labels, String label, String param, Object row) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(param + ": the label '" + label + "' of validation row " + row
                    + " is not one of the training data's labels " + labels);
        }
        return i;
    }

    /** {@code index} itself when it is a class index 0..count-1, for integer labels; fails as {@link #of}. */
    public static long ofIndex(int count, long index, String param, Object row) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(param + ": the class index " + index + " of validation row " + row
                    + " is outside the training data's classes 0.." + (count - 1));
        }
        return index;
    }
}
