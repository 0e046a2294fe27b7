package dev.sparkbert.ml.lm;

import ai.djl.ndarray.NDArray;
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
 * Scores texts with HF {@code BertLMHeadModel} (a checkpoint with {@code is_decoder}): the
 * log-likelihood (natural log, summed over every token after the first, [SEP] included) of each
 * text under the left-to-right model, and the perplexity exp(-logLikelihood / predicted tokens),
 * the same tokens HF's shifted loss averages over.
 */
public class BertCausalLMModel extends BertStageModel<BertCausalLMModel>
        implements CausalLMParams<BertCausalLMModel> {

    private static final long serialVersionUID = 1L;

    public BertCausalLMModel() {
        this(Identifiable.randomUID("bertCausalLM"));
    }

    public BertCausalLMModel(String uid) {
        super(uid);
    }

    public static BertCausalLMModel fromPretrained(String location) {
        return fromPretrained(new BertCausalLMModel(), location);
    }

    @Override
    public String architecture() {
        return "BertLMHeadModel";
    }

    /** Refuses a checkpoint that is not a decoder; else the task's columns. */
    @Override
    public StructType validateAndTransformSchema(StructType schema) {
        if (!config().isDecoder()) {
            throw new IllegalArgumentException("modelLocation: " + getModelLocation() + " is not a decoder (config"
                    + " is_decoder is false); a causal LM needs a BertLMHeadModel checkpoint with is_decoder true");
        }
        return CausalLMParams.super.validateAndTransformSchema(schema);
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getTextCol()), effectiveMaxLength(config), Truncation.parse(getTruncation()),
                getBatchSize());
    }

    public static MLReader<BertCausalLMModel> read() {
        return new StageReader<>(BertCausalLMModel.class);
    }

    public static BertCausalLMModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int textIndex;

        Task(int textIndex, int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.textIndex = textIndex;
        }

        @Override
        public Object prepare(Row row) {
            return TextInputs.string(row, textIndex);
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
                long seq = in.inputIds().getShape().get(1);
                // log p(x_t | x_<t) for t >= 1: logits at t-1 picked at the id of token t.
                NDArray logp = result.logits().get(":, :" + (seq - 1) + ", :").logSoftmax(-1);
                NDArray next = in.inputIds().get(":, 1:").expandDims(-1);
                float[] picked = logp.gather(next, 2).squeeze(-1).toFloatArray();
                for (int r = 0; r < idx.length; r++) {
                    int n = enc.get(idx[r]).tokenCount();
                    double ll = 0;
                    for (int t = 0; t < n - 1; t++) {
                        ll += picked[(int) (r * (seq - 1) + t)];
                    }
                    out.set(idx[r], new Object[] {ll, Math.exp(-ll / Math.max(1, n - 1))});
                }
            });
            return out;
        }
    }
}
