package dev.sparkbert.ml.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.CoreReference;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.exec.Batches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Fill-mask, next-sentence and causal-LM stages against spark-bert-core. */
class LanguageModelStagesTest {

    private final Path fixtures = SparkTestSession.fixtures();
    private static final StructType TEXT = new StructType().add("text", DataTypes.StringType);

    private Dataset<Row> texts(String... values) {
        return SparkTestSession.get().createDataFrame(Arrays.stream(values).map(v -> RowFactory.create(v)).toList(),
                TEXT).repartition(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fillMaskRanksTheMaskLogitsOfCore() throws Exception {
        Path dir = fixtures.resolve("masked_lm");
        String text = "the cat sat on the [MASK] today";
        Row r = BertMaskedLMModel.fromPretrained(dir.toString()).setTopK(3).transform(texts(text)).first();
        List<Object> perMask = r.getList(1);
        assertEquals(1, perMask.size(), "one mask");
        List<Row> candidates = scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<Row>) perMask.get(0));
        float[] logits = CoreReference.logits(dir, "BertForMaskedLM", 64, text, null);
        int vocab = 1024;
        int maskPos;
        try (BertTokenizer tok = BertTokenizer.builder(dir).build()) {
            long[] ids = tok.encode(text).ids();
            maskPos = java.util.stream.IntStream.range(0, ids.length).filter(i -> ids[i] == tok.tokenToId("[MASK]"))
                    .findFirst().orElseThrow();
        }
        float[] row = Arrays.copyOfRange(logits, maskPos * vocab, (maskPos + 1) * vocab);
        double[] p = Batches.softmax(row, 1, vocab)[0];
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            best = p[i] > p[best] ? i : best;
        }
        Row top = candidates.get(0);
        assertEquals(best, top.getLong(1));
        assertEquals(p[best], top.getDouble(2), 1e-5);
        assertTrue(top.getString(3).contains(top.getString(0).replace("##", "")), top.toString());
        assertTrue(candidates.get(1).getDouble(2) <= top.getDouble(2));
        assertEquals(3, candidates.size());
    }

    @Test
    void fillMaskWithoutMaskTokenNamesTheColumn() {
        BertMaskedLMModel m = BertMaskedLMModel.fromPretrained(fixtures.resolve("masked_lm").toString());
        Exception e = assertThrows(Exception.class, () -> m.transform(texts("no mask here")).collectAsList());
        String msg = SparkTestSession.messages(e);
        assertTrue(msg.contains("column 'text' has no mask token [MASK]"), msg);
        assertTrue(m.setHandleInvalid("keep").transform(texts("no mask here")).first().isNullAt(1));
    }

    @Test
    void nextSentenceProbabilityIsCoresSoftmax() throws Exception {
        Path dir = fixtures.resolve("next_sentence");
        StructType schema = new StructType().add("sentenceA", DataTypes.StringType).add("sentenceB", DataTypes.StringType);
        Row r = BertNextSentenceModel.fromPretrained(dir.toString()).transform(SparkTestSession.get()
                .createDataFrame(List.of(RowFactory.create("it rained all day", "so we stayed in")), schema)).first();
        float[] logits = CoreReference.logits(dir, "BertForNextSentencePrediction", 64, "it rained all day",
                "so we stayed in");
        double p = Batches.softmax(logits, 1, 2)[0][0];
        assertEquals(p, r.getDouble(2), 1e-6);
        assertEquals(p >= 0.5 ? 1.0 : 0.0, r.getDouble(3));
    }

    @Test
    void causalPerplexityIsExpOfHfsShiftedLoss() throws Exception {
        Path dir = fixtures.resolve("causal_lm");
        String text = "a short story about a dog";
        Row r = BertCausalLMModel.fromPretrained(dir.toString()).transform(texts(text, null)).orderBy("text").collectAsList()
                .stream().filter(x -> !x.isNullAt(0)).findFirst().orElseThrow();
        Engines.noGradOnThisThread();
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(dir).build()) {
            BertNetwork net = BertWeights.fromPretrained(dir, "BertLMHeadModel", m);
            List<Encoded> enc = List.of(tok.encode(text));
            BertInputs in = EncodedBatch.toInputs(enc, new int[] {0}, 0, m).build();
            float loss = net.forward(BertInputs.builder().setInputIds(in.inputIds()).optLabels(in.inputIds()).build())
                    .loss().getFloat();
            assertEquals(Math.exp(loss), r.getDouble(2), 1e-3 * Math.exp(loss));
            assertEquals(-loss * (enc.get(0).tokenCount() - 1), r.getDouble(1), 1e-3);
        }
    }

    @Test
    void causalStageRefusesAnEncoderCheckpoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertCausalLMModel.fromPretrained(fixtures.resolve("masked_lm").toString()).transformSchema(TEXT));
        assertTrue(e.getMessage().contains("is_decoder"), e.getMessage());
    }
}
