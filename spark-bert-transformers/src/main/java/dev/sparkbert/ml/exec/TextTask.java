package dev.sparkbert.ml.exec;

import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Truncation;
import java.util.ArrayList;
import java.util.List;

/** Base of the stages' tasks: the tokenization and batching settings they all carry. */
public abstract class TextTask implements RowTask {

    private static final long serialVersionUID = 1L;

    protected final int maxLength;
    protected final Truncation truncation;
    protected final int batchSize;

    protected TextTask(int maxLength, Truncation truncation, int batchSize) {
        this.maxLength = maxLength;
        this.truncation = truncation;
        this.batchSize = batchSize;
    }

    /** The model's shared tokenizer for these settings (no overflow windows). */
    protected BertTokenizer tokenizer(LoadedModel model) {
        return model.tokenizer(maxLength, truncation, -1);
    }

    /** A list of {@code n} slots to fill by input index. */
    protected static List<Object[]> slots(int n) {
        List<Object[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(null);
        }
        return out;
    }
}
