package dev.sparkbert.ml.lm;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.exec.Batches;
import dev.sparkbert.ml.exec.LoadedModel;
import dev.sparkbert.ml.exec.RowTask;
import dev.sparkbert.ml.exec.TextInputs;
import dev.sparkbert.ml.exec.TextTask;
import dev.sparkbert.ml.io.StageReader;
import java.util.List;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Next-sentence prediction with HF {@code BertForNextSentencePrediction}: {@code probability} (double)
 * that sentence B follows sentence A, and {@code prediction} 1.0 when it does (probability at least
 * 0.5), 0.0 when B looks random. (HF's class index is the reverse: 0 means "follows".)
 */
public class BertNextSentenceModel extends BertStageModel<BertNextSentenceModel>
        implements NextSentenceParams<BertNextSentenceModel> {

    private static final long serialVersionUID = 1L;

    public BertNextSentenceModel() {
        this(Identifiable.randomUID("bertNextSentence"));
    }

    public BertNextSentenceModel(String uid) {
        super(uid);
    }

    public static BertNextSentenceModel fromPretrained(String location) {
        return fromPretrained(new BertNextSentenceModel(), location);
    }

    @Override
    public String architecture() {
        return "BertForNextSentencePrediction";
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getSentenceACol()), index(schema, getSentenceBCol()), effectiveMaxLength(config),
                Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertNextSentenceModel> read() {
        return new StageReader<>(BertNextSentenceModel.class);
    }

    public static BertNextSentenceModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int aIndex;
        private final int bIndex;

        Task(int aIndex, int bIndex, int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.aIndex = aIndex;
            this.bIndex = bIndex;
        }

        @Override
        public Object prepare(Row row) {
            String a = TextInputs.string(row, aIndex);
            String b = TextInputs.string(row, bIndex);
            return a == null || b == null ? null : new String[] {a, b};
        }

        @Override
        public int outputCount() {
            return 2;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            List<Object[]> out = slots(inputs.size());
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                double[][] p = Batches.softmax(result.logits().toFloatArray(), idx.length, 2);
                for (int r = 0; r < idx.length; r++) {
                    out.set(idx[r], new Object[] {p[r][0], p[r][0] >= 0.5 ? 1.0 : 0.0});
                }
            });
            return out;
        }
    }
}
