package dev.sparkbert.core.config;

import java.util.Arrays;

/** HF's {@code problem_type} of a sequence classifier: which loss and which outputs it has. */
public enum ProblemType {
    /** One float per label, mean squared error. */
    REGRESSION("regression"),
    /** One class per example, cross entropy over the labels. */
    SINGLE_LABEL_CLASSIFICATION("single_label_classification"),
    /** Any subset of the labels per example, binary cross entropy per label. */
    MULTI_LABEL_CLASSIFICATION("multi_label_classification");

    private final String hfName;

    ProblemType(String hfName) {
        this.hfName = hfName;
    }

    /** The name in {@code config.json}. */
    public String hfName() {
        return hfName;
    }

    /** The type of a {@code config.json} name; fails naming the valid ones. */
    public static ProblemType parse(String hfName) {
        for (ProblemType t : values()) {
            if (t.hfName.equals(hfName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("problem_type '" + hfName + "' is not one of "
                + Arrays.stream(values()).map(ProblemType::hfName).toList());
    }

    /**
     * The type of a config, inferred as HF does when {@code problem_type} is unset: one label is
     * regression; otherwise integer labels mean single-label and float labels multi-label
     * classification (without labels, as at inference, single-label).
     */
    public static ProblemType of(BertConfig config, boolean floatLabels) {
        if (config.getProblemType() != null) {
            return config.getProblemType();
        }
        if (config.getNumLabels() == 1) {
            return REGRESSION;
        }
        return floatLabels ? MULTI_LABEL_CLASSIFICATION : SINGLE_LABEL_CLASSIFICATION;
    }
}
