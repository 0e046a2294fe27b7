package dev.sparkbert.core.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.SafeTensors;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A head's loss terms let a batch be split: the loss of the whole batch (HF's) equals the sum of
 * the parts' losses when each part divides its terms' sums by the counts over all parts, which
 * the parts know before their forward pass. Covered where terms differ: QA (two half-weighted
 * terms, positions beyond the sequence ignored), pretraining (two terms with different counts),
 * token classification (ignored tokens).
 */
class LossTermsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"question_answering, BertForQuestionAnswering", "pretraining, BertForPreTraining",
        "token_classification, BertForTokenClassification", "seqcls_multi_label, BertForSequenceClassification"})
    void theBatchLossIsTheSumOfItsPartsOverGlobalCounts(String fixture, String arch) throws Exception {
        Engines.noGradOnThisThread();
        Path dir = Fixtures.dir().resolve(fixture);
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork net = BertHeads.create(arch, BertConfig.read(dir));
            BertWeights.load(net, dir, m, 0);
            Map<String, NDArray> t = SafeTensors.open(dir.resolve("case.safetensors")).readAll(m);
            long rows = t.get("input.input_ids").getShape().get(0);
            long split = rows / 2;
            BertInputs whole = inputs(t, 0, rows);
            BertInputs first = inputs(t, 0, split);
            BertInputs second = inputs(t, split, rows);
            int terms = net.lossTargets(whole).size();
            long[] counts = new long[terms];
            for (BertInputs part : new BertInputs[] {first, second}) {
                for (int i = 0; i < terms; i++) {
                    counts[i] += net.lossTargets(part).get(i).count();
                }
            }
            for (int i = 0; i < terms; i++) {
                assertEquals(net.lossTargets(whole).get(i).count(), counts[i], "items of term " + i);
            }
            float expected = net.forward(whole).loss().getFloat();
            float parts = net.forward(first).loss(counts).getFloat() + net.forward(second).loss(counts).getFloat();
            assertEquals(expected, parts, 1e-5 * Math.abs(expected));
            assertEquals(expected, t.get("expected.loss").getFloat(), 1e-4 * Math.abs(expected), "HF's loss");
            assertEquals(terms, net.forward(whole).lossTerms().size());
            assertEquals(0, net.lossTargets(BertInputs.builder().setInputIds(t.get("input.input_ids")).build()).size(),
                    "no labels, no terms");
        }
    }

    /** Rows {@code [from, to)} of the case's inputs and labels. */
    private static BertInputs inputs(Map<String, NDArray> t, long from, long to) {
        String rows = from + ":" + to;
        BertInputs.Builder b = BertInputs.builder().setInputIds(t.get("input.input_ids").get(rows))
                .optTokenTypeIds(t.get("input.token_type_ids").get(rows))
                .optAttentionMask(t.get("input.attention_mask").get(rows));
        if (t.containsKey("input.labels")) {
            b.optLabels(t.get("input.labels").get(rows));
        }
        if (t.containsKey("input.next_sentence_label")) {
            b.optNextSentenceLabel(t.get("input.next_sentence_label").get(rows));
        }
        if (t.containsKey("input.start_positions")) {
            b.optStartPositions(t.get("input.start_positions").get(rows))
                    .optEndPositions(t.get("input.end_positions").get(rows));
        }
        return b.build();
    }
}
