package dev.sparkbert.ml.embedding;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.Pooling;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Sentence embeddings from a BERT encoder: a dense {@link Vector} of the hidden size per text (CLS,
 * mean or pooler pooling, optionally L2-normalised), and optionally one vector per token. With mean
 * pooling and normalisation this is sentence-transformers' embedding of all-MiniLM-L6-v2.
 */
public class BertEmbeddingModel extends BertStageModel<BertEmbeddingModel>
        implements EmbeddingParams<BertEmbeddingModel> {

    private static final long serialVersionUID = 1L;

    public BertEmbeddingModel() {
        this(Identifiable.randomUID("bertEmbedding"));
    }

    public BertEmbeddingModel(String uid) {
        super(uid);
    }

    /** A stage over an HF checkpoint folder (any Hadoop path) or {@code "embedded"}. */
    public static BertEmbeddingModel fromPretrained(String location) {
        return fromPretrained(new BertEmbeddingModel(), location);
    }

    @Override
    public String architecture() {
        return "BertModel";
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getTextCol()), Pooling.parse(getPooling()), getNormalize(),
                !getTokenEmbeddingsCol().isEmpty(), effectiveMaxLength(config), Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertEmbeddingModel> read() {
        return new StageReader<>(BertEmbeddingModel.class);
    }

    public static BertEmbeddingModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int textIndex;
        private final Pooling pooling;
        private final boolean normalize;
        private final boolean tokens;

        Task(int textIndex, Pooling pooling, boolean normalize, boolean tokens, int maxLength, Truncation truncation,
                int batchSize) {
            super(maxLength, truncation, batchSize);
            this.textIndex = textIndex;
            this.pooling = pooling;
            this.normalize = normalize;
            this.tokens = tokens;
        }

        @Override
        public Object prepare(Row row) {
            return TextInputs.string(row, textIndex);
        }

        @Override
        public int outputCount() {
            return tokens ? 2 : 1;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            if (pooling == Pooling.POOLER && model.loadReport().newlyInitialized().stream()
                    .anyMatch(k -> k.startsWith("pooler."))) {
                throw new IllegalArgumentException("pooling 'pooler' needs pooler weights, which this checkpoint lacks;"
                        + " use pooling 'cls' or 'mean'");
            }
            BertTokenizer tok = tokenizer(model);
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            List<Object[]> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                out.add(new Object[outputCount()]);
            }
            int hidden = model.config().getHiddenSize();
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                float[] pooled = pooling.apply(result, in.attentionMask(), normalize).toFloatArray();
                float[] states = tokens ? result.get("last_hidden_state").toFloatArray() : null;
                long seq = in.inputIds().getShape().get(1);
                for (int r = 0; r < idx.length; r++) {
                    out.get(idx[r])[0] = Vectors.dense(toDouble(pooled, r * hidden, hidden));
                    if (tokens) {
                        int n = enc.get(idx[r]).tokenCount();
                        Vector[] perToken = new Vector[n];
                        for (int t = 0; t < n; t++) {
                            perToken[t] = Vectors.dense(toDouble(states, (int) ((r * seq + t) * hidden), hidden));
                        }
                        out.get(idx[r])[1] = perToken;
                    }
                }
            });
            return out;
        }
    }

    static double[] toDouble(float[] a, int from, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[from + i];
        }
        return d;
    }
}
