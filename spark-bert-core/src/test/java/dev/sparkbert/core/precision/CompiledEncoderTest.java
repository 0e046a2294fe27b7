package dev.sparkbert.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import dev.sparkbert.core.weights.SafeTensors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompiledEncoderTest {

    @BeforeAll
    static void inference() {
        Engines.noGradOnThisThread();
    }

    /** Relative RMS distance ||a - b|| / ||b|| over all elements. */
    static double relativeRms(NDArray a, NDArray b) {
        return a.sub(b).norm().getFloat() / b.norm().getFloat();
    }

    /** The same over the tokens of (batch, seq, hidden) states, padding left out (its states mean nothing). */
    static double relativeRms(NDArray a, NDArray b, NDArray attentionMask) {
        NDArray keep = attentionMask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).expandDims(-1);
        return relativeRms(a.mul(keep), b.mul(keep));
    }

    /** The fixture's BertModel with HF's weights. */
    private static BertModel fixtureModel(Path dir, NDManager m) throws Exception {
        BertModel bert = (BertModel) BertHeads.create("BertModel", BertConfig.read(dir));
        BertWeights.load(bert, dir, m, 0);
        return bert;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theFixtureEncoderIsWithinTheModesToleranceOfHuggingFace(Precision p) throws Exception {
        Path dir = Fixtures.dir().resolve("bert_model");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = fixtureModel(dir, m);
            Map<String, NDArray> t = SafeTensors.open(dir.resolve("case.safetensors")).readAll(m);
            BertInputs in = BertInputs.builder().setInputIds(t.get("input.input_ids"))
                    .optTokenTypeIds(t.get("input.token_type_ids")).optAttentionMask(t.get("input.attention_mask")).build();
            NDArray expected = t.get("expected.last_hidden_state");
            try (CompiledEncoder c = CompiledEncoder.compile(bert, p, "BertModel")) {
                bert.useCompiledEncoder(c);
                NDArray reduced = bert.forward(in).get("last_hidden_state");
                double d = relativeRms(reduced, expected, in.attentionMask());
                System.out.println(p + " fixture relative RMS " + d);
                assertTrue(d <= p.tolerance(), p + " is " + d + " from HF (tolerance " + p.tolerance() + ")");
                assertTrue(p == Precision.FP32 || d > 1e-5, p + " should not be float32");
                // The pooler stays float32 on the reduced hidden state.
                NDArray pooled = bert.forward(in).get("pooler_output");
                assertTrue(relativeRms(pooled, t.get("expected.pooler_output")) <= p.tolerance());
            }
            bert.useCompiledEncoder(null);
            assertTrue(Fixtures.maxAbsDiff(bert.forward(in).get("last_hidden_state"), expected) <= 1e-4,
                    "back to float32");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void miniLmSentenceEmbeddingsAreWithinTheModesToleranceOfFloat32(Precision p) throws Exception {
        Path dir = EmbeddedModels.defaultEncoder();
        List<String> sentences = List.of("A quiet, moving film about grief.", "The plot never quite comes together,"
                + " and the jokes land with a thud.", "It is what it is.", "An utterly charming and surprising"
                + " comedy that will leave you smiling long after the credits roll.");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                BertTokenizer tok = BertTokenizer.builder(dir).build()) {
            BertNetwork net = BertHeads.create("BertModel", BertConfig.read(dir));
            BertWeights.load(net, dir, m, 0);
            BertModel bert = (BertModel) net;
            BertInputs in = EncodedBatch.toInputs(tok.encodeBatch(sentences), new int[] {0, 1, 2, 3},
                    tok.tokenToId("[PAD]"), m).build();
            NDArray fp32 = bert.forward(in).get("last_hidden_state");
            try (CompiledEncoder c = CompiledEncoder.compile(bert, p, "BertModel")) {
                bert.useCompiledEncoder(c);
                double d = relativeRms(bert.forward(in).get("last_hidden_state"), fp32, in.attentionMask());
                System.out.println(p + " MiniLM relative RMS " + d);
                assertTrue(d <= p.tolerance(), p + " is " + d + " from float32 (tolerance " + p.tolerance() + ")");
            } finally {
                bert.useCompiledEncoder(null);
            }
        }
    }

    /** Every layer's hidden states come from DJL's blocks in float32; reduced modes refuse them. */
    @Test
    void float32AnswersForEveryLayerOnTheBlocksAndReducedModesRefuse() throws Exception {
        Path dir = Fixtures.dir().resolve("bert_model");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = fixtureModel(dir, m);
            Map<String, NDArray> t = SafeTensors.open(dir.resolve("case.safetensors")).readAll(m);
            BertInputs in = BertInputs.builder().setInputIds(t.get("input.input_ids"))
                    .optAttentionMask(t.get("input.attention_mask")).optOutputHiddenStates(true).build();
            try (CompiledEncoder c = CompiledEncoder.compile(bert, Precision.FP32, "BertModel")) {
                bert.useCompiledEncoder(c);
                assertEquals(bert.getConfig().getNumHiddenLayers() + 1, bert.forward(in).hiddenStates().size());
            }
            try (CompiledEncoder c = CompiledEncoder.compile(bert, Precision.BF16, "BertModel")) {
                bert.useCompiledEncoder(c);
                assertThrows(IllegalArgumentException.class, () -> bert.forward(in));
            } finally {
                bert.useCompiledEncoder(null);
            }
        }
    }

    @Test
    void aCausalDecoderIsRefusedNamingTheModeAndTheHead() throws Exception {
        Path dir = Fixtures.dir().resolve("causal_lm");
        BertNetwork net = BertHeads.create("BertLMHeadModel", BertConfig.read(dir));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledEncoder.compile(BertHeads.encoderOf(net), Precision.BF16, "BertLMHeadModel"));
        assertTrue(e.getMessage().contains("bf16") && e.getMessage().contains("BertLMHeadModel")
                && e.getMessage().contains("is_decoder"), e.getMessage());
    }

    @Test
    void unknownModesAreRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.of("fp8"));
        assertEquals("precision 'fp8' is not one of fp32, bf16, int8", e.getMessage());
        assertEquals(Precision.BF16, Precision.of("BF16"));
    }
}
