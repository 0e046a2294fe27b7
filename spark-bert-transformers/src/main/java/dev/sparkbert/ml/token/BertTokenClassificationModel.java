package dev.sparkbert.ml.token;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;

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
import dev.sparkbert.ml.param.SchemaChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Named-entity recognition / tagging with HF {@code BertForTokenClassification}: an array of
 * entities (entity group, word, start and end char offsets in the text, score) per row, aggregated
 * with HF's strategies ({@code none}, {@code simple}, {@code first}, {@code average}, {@code max});
 * optionally the predicted tag of every token.
 */
public class BertTokenClassificationModel extends BertStageModel<BertTokenClassificationModel>
        implements TokenClassificationParams<BertTokenClassificationModel> {

    private static final long serialVersionUID = 1L;

    public BertTokenClassificationModel() {
        this(Identifiable.randomUID("bertTokenCls"));
    }

    public BertTokenClassificationModel(String uid) {
        super(uid);
    }

    public static BertTokenClassificationModel fromPretrained(String location) {
        return fromPretrained(new BertTokenClassificationModel(), location);
    }

    /** Optional output: the predicted tag of every (non-special) token; empty for none. */
    public Param<String> tagsCol() {
        return stringParam("tagsCol", "optional column with the predicted tag of every (non-special) token; empty for"
                + " none", "");
    }

    public String getTagsCol() {
        return getOrDefault(tagsCol());
    }

    public BertTokenClassificationModel setTagsCol(String value) {
        return with(tagsCol(), value);
    }

    @Override
    public String architecture() {
        return "BertForTokenClassification";
    }

    /** The task's outputs, plus the predicted tags when {@code tagsCol} is set. */
    @Override
    public StructType validateAndTransformSchema(StructType schema) {
        StructType out = TokenClassificationParams.super.validateAndTransformSchema(schema);
        return getTagsCol().isEmpty() ? out : addOutput(out, "tagsCol", getTagsCol(), SchemaChecks.STRING_ARRAY);
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getTextCol()), config.getId2label().values().toArray(new String[0]),
                getAggregationStrategy(), !getTagsCol().isEmpty(), effectiveMaxLength(config),
                Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertTokenClassificationModel> read() {
        return new StageReader<>(BertTokenClassificationModel.class);
    }

    public static BertTokenClassificationModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int textIndex;
        private final String[] labels;
        private final String strategy;
        private final boolean tags;

        Task(int textIndex, String[] labels, String strategy, boolean tags, int maxLength, Truncation truncation,
                int batchSize) {
            super(maxLength, truncation, batchSize);
            this.textIndex = textIndex;
            this.labels = labels;
            this.strategy = strategy;
            this.tags = tags;
        }

        @Override
        public Object prepare(Row row) {
            return TextInputs.string(row, textIndex);
        }

        @Override
        public int outputCount() {
            return tags ? 2 : 1;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            List<Object[]> out = slots(inputs.size());
            EntityAggregator aggregator = new EntityAggregator(strategy, labels);
            int k = labels.length;
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                float[] logits = result.logits().toFloatArray();
                int seq = (int) in.inputIds().getShape().get(1);
                for (int r = 0; r < idx.length; r++) {
                    Encoded e = enc.get(idx[r]);
                    float[] rowLogits = new float[e.length() * k];
                    System.arraycopy(logits, r * seq * k, rowLogits, 0, Math.min(rowLogits.length, seq * k));
                    double[][] probs = Batches.softmax(rowLogits, e.length(), k);
                    List<Row> entities = new ArrayList<>();
                    for (EntityAggregator.Entity x : aggregator.aggregate(e, probs, tok)) {
                        entities.add(RowFactory.create(x.group(), x.word(), x.start(), x.end(), x.score()));
                    }
                    Object[] o = new Object[outputCount()];
                    o[0] = entities.toArray(new Row[0]);
                    if (tags) {
                        List<String> perToken = new ArrayList<>();
                        for (int t = 0; t < e.length(); t++) {
                            if (e.specialTokensMask()[t] == 0 && e.attentionMask()[t] == 1) {
                                int best = 0;
                                for (int c = 1; c < k; c++) {
                                    best = probs[t][c] > probs[t][best] ? c : best;
                                }
                                perToken.add(labels[best]);
                            }
                        }
                        o[1] = perToken.toArray(new String[0]);
                    }
                    out.set(idx[r], o);
                }
            });
            return out;
        }
    }
}
