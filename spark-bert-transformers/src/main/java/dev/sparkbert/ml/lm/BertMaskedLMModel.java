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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Fill-mask with HF {@code BertForMaskedLM}, as HF's pipeline: for every mask token in the text, the
 * {@code topK} most likely tokens as struct(token, token_id, score, sequence), where {@code
 * sequence} is the text with that mask filled. The output is an array (one entry per mask) of
 * arrays of candidates. A text without the mask token is malformed.
 */
public class BertMaskedLMModel extends BertStageModel<BertMaskedLMModel>
        implements MaskedLMParams<BertMaskedLMModel> {

    private static final long serialVersionUID = 1L;

    public BertMaskedLMModel() {
        this(Identifiable.randomUID("bertFillMask"));
    }

    public BertMaskedLMModel(String uid) {
        super(uid);
    }

    public static BertMaskedLMModel fromPretrained(String location) {
        return fromPretrained(new BertMaskedLMModel(), location);
    }

    @Override
    public String architecture() {
        return "BertForMaskedLM";
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getTextCol()), getTextCol(), getMaskToken(), Math.min(getTopK(),
                config.getVocabSize()), effectiveMaxLength(config), Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertMaskedLMModel> read() {
        return new StageReader<>(BertMaskedLMModel.class);
    }

    public static BertMaskedLMModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int textIndex;
        private final String textCol;
        private final String mask;
        private final int topK;

        Task(int textIndex, String textCol, String mask, int topK, int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.textIndex = textIndex;
            this.textCol = textCol;
            this.mask = mask;
            this.topK = topK;
        }

        @Override
        public Object prepare(Row row) {
            String text = TextInputs.string(row, textIndex);
            if (text != null && !text.contains(mask)) {
                throw new InvalidInputException("column '" + textCol + "' has no mask token " + mask);
            }
            return text;
        }

        @Override
        public int outputCount() {
            return 1;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            long maskId = tok.tokenToId(mask);
            if (maskId < 0) {
                throw new IllegalArgumentException("maskToken " + mask + " is not in the model's vocabulary");
            }
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            int vocab = model.config().getVocabSize();
            List<Object[]> out = slots(inputs.size());
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                float[] logits = result.logits().toFloatArray();
                int seq = (int) in.inputIds().getShape().get(1);
                for (int r = 0; r < idx.length; r++) {
                    Encoded e = enc.get(idx[r]);
                    List<Integer> masks = new ArrayList<>();
                    for (int t = 0; t < e.length(); t++) {
                        if (e.ids()[t] == maskId) {
                            masks.add(t);
                        }
                    }
                    List<Row[]> perMask = new ArrayList<>();
                    for (int t : masks) {
                        float[] row = new float[vocab];
                        System.arraycopy(logits, (r * seq + t) * vocab, row, 0, vocab);
                        perMask.add(candidates(tok, e, t, Batches.softmax(row, 1, vocab)[0], masks.size() == 1));
                    }
                    out.set(idx[r], new Object[] {perMask.toArray(new Row[0][])});
                }
            });
            return out;
        }

        private Row[] candidates(BertTokenizer tok, Encoded e, int position, double[] probs, boolean singleMask) {
            Integer[] order = new Integer[probs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
            Row[] out = new Row[topK];
            for (int k = 0; k < topK; k++) {
                long id = order[k];
                long[] filled = e.ids().clone();
                filled[position] = id;
                // As HF: with several masks the sequence keeps the special tokens (the other masks show).
                out[k] = RowFactory.create(tok.idToToken(id), id, probs[order[k]], tok.decode(filled, singleMask));
            }
            return out;
        }
    }
}
