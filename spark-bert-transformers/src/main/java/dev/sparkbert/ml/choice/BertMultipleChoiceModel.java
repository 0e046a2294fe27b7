package dev.sparkbert.ml.choice;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.exec.Batches;
import dev.sparkbert.ml.exec.LoadedModel;
import dev.sparkbert.ml.exec.RowTask;
import dev.sparkbert.ml.exec.TextInputs;
import dev.sparkbert.ml.exec.TextTask;
import dev.sparkbert.ml.io.StageReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Multiple choice with HF {@code BertForMultipleChoice}: each (prompt, choice) pair is encoded and
 * scored; {@code prediction} is the index of the best choice (double), {@code probability} the
 * softmax over the row's choices and {@code rawPrediction} the scores. Rows may have different
 * numbers of choices (they are batched with rows of the same count); a row with no choices, or a
 * null choice, is malformed.
 */
public class BertMultipleChoiceModel extends BertStageModel<BertMultipleChoiceModel>
        implements MultipleChoiceParams<BertMultipleChoiceModel> {

    private static final long serialVersionUID = 1L;

    public BertMultipleChoiceModel() {
        this(Identifiable.randomUID("bertMultipleChoice"));
    }

    public BertMultipleChoiceModel(String uid) {
        super(uid);
    }

    public static BertMultipleChoiceModel fromPretrained(String location) {
        return fromPretrained(new BertMultipleChoiceModel(), location);
    }

    @Override
    public String architecture() {
        return "BertForMultipleChoice";
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getPromptCol()), index(schema, getChoicesCol()), getChoicesCol(),
                effectiveMaxLength(config), Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertMultipleChoiceModel> read() {
        return new StageReader<>(BertMultipleChoiceModel.class);
    }

    public static BertMultipleChoiceModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int promptIndex;
        private final int choicesIndex;
        private final String choicesCol;

        Task(int promptIndex, int choicesIndex, String choicesCol, int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.promptIndex = promptIndex;
            this.choicesIndex = choicesIndex;
            this.choicesCol = choicesCol;
        }

        @Override
        public Object prepare(Row row) {
            String prompt = TextInputs.string(row, promptIndex);
            if (prompt == null || row.isNullAt(choicesIndex)) {
                return null;
            }
            List<String> choices = row.getList(choicesIndex);
            if (choices.isEmpty() || choices.contains(null)) {
                throw new InvalidInputException("column '" + choicesCol + "' must hold at least one non-null choice, got "
                        + choices);
            }
            return new Object[] {prompt, choices};
        }

        @Override
        public int outputCount() {
            return 3;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            long pad = tok.tokenToId("[PAD]");
            List<Object[]> out = slots(inputs.size());
            Map<Integer, List<Integer>> byCount = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                int n = ((List<String>) ((Object[]) inputs.get(i))[1]).size();
                byCount.computeIfAbsent(n, k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<Integer, List<Integer>> group : byCount.entrySet()) {
                int choices = group.getKey();
                List<Integer> rows = group.getValue();
                for (int from = 0; from < rows.size(); from += batchSize) {
                    List<Integer> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
                    List<Encoded> enc = new ArrayList<>();
                    for (int row : batch) {
                        Object[] in = (Object[]) inputs.get(row);
                        for (String choice : (List<String>) in[1]) {
                            enc.add(tok.encode((String) in[0], choice));
                        }
                    }
                    int[] all = java.util.stream.IntStream.range(0, enc.size()).toArray();
                    try (NDManager scope = model.manager().newSubManager()) {
                        BertInputs flat = EncodedBatch.toInputs(enc, all, pad, scope).build();
                        long seq = flat.inputIds().getShape().get(1);
                        Shape shape = new Shape(batch.size(), choices, seq);
                        BertInputs in = BertInputs.builder().setInputIds(flat.inputIds().reshape(shape))
                                .optTokenTypeIds(flat.tokenTypeIds().reshape(shape))
                                .optAttentionMask(flat.attentionMask().reshape(shape)).build();
                        float[] logits = model.network().forward(new ParameterStore(scope, false), in, false)
                                .logits().toFloatArray();
                        double[][] probs = Batches.softmax(logits, batch.size(), choices);
                        for (int r = 0; r < batch.size(); r++) {
                            double[] raw = new double[choices];
                            int best = 0;
                            for (int c = 0; c < choices; c++) {
                                raw[c] = logits[r * choices + c];
                                best = raw[c] > raw[best] ? c : best;
                            }
                            out.set(batch.get(r), new Object[] {(double) best, Vectors.dense(probs[r]),
                                    Vectors.dense(raw)});
                        }
                    }
                }
            }
            return out;
        }
    }
}
