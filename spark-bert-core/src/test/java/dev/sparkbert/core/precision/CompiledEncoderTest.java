package dev.sparkbert.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.ProcessMemory;
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
import org.junit.jupiter.params.provider.ValueSource;

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

    /** The BertModel of the checkpoint in {@code dir}, built from {@code config}, with the checkpoint's weights. */
    private static BertModel model(Path dir, BertConfig config, NDManager m) throws Exception {
        BertModel bert = (BertModel) BertHeads.create("BertModel", config);
        BertWeights.load(bert, dir, m, 0);
        return bert;
    }

    /** The fixture's BertModel with HF's weights. */
    private static BertModel fixtureModel(Path dir, NDManager m) throws Exception {
        return model(dir, BertConfig.read(dir), m);
    }

    /** The fixture's BertModel with HF's weights under the hidden activation {@code act}. */
    private static BertModel fixtureModel(Path dir, String act, NDManager m) throws Exception {
        return model(dir, BertConfig.read(dir).toBuilder().optHiddenAct(act).build(), m);
    }

    /** {@code bert}'s last hidden state for {@code in} through {@code encoder}, which is closed afterwards. */
    private static NDArray lastHiddenState(BertModel bert, BertInputs in, InferenceEncoder encoder) {
        try (encoder) {
            bert.useCompiledEncoder(encoder);
            return bert.forward(in).get("last_hidden_state");
        } finally {
            bert.useCompiledEncoder(null);
        }
    }

    /** The fixture case's ids, token types and mask. */
    private static BertInputs fixtureInputs(Map<String, NDArray> t) {
        return BertInputs.builder().setInputIds(t.get("input.input_ids"))
                .optTokenTypeIds(t.get("input.token_type_ids")).optAttentionMask(t.get("input.attention_mask")).build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theFixtureEncoderIsWithinTheModesToleranceOfHuggingFace(Precision p) throws Exception {
        Path dir = Fixtures.dir().resolve("bert_model");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = fixtureModel(dir, m);
            Map<String, NDArray> t = SafeTensors.open(dir.resolve("case.safetensors")).readAll(m);
            BertInputs in = fixtureInputs(t);
            NDArray expected = t.get("expected.last_hidden_state");
            try (InferenceEncoder c = InferenceEncoder.compile(bert, p, "BertModel")) {
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
            BertModel bert = model(dir, BertConfig.read(dir), m);
            BertInputs in = EncodedBatch.toInputs(tok.encodeBatch(sentences), new int[] {0, 1, 2, 3},
                    tok.tokenToId("[PAD]"), m).build();
            NDArray fp32 = bert.forward(in).get("last_hidden_state");
            NDArray reduced = lastHiddenState(bert, in, InferenceEncoder.compile(bert, p, "BertModel"));
            double d = relativeRms(reduced, fp32, in.attentionMask());
            System.out.println(p + " MiniLM relative RMS " + d);
            assertTrue(d <= p.tolerance(), p + " is " + d + " from float32 (tolerance " + p.tolerance() + ")");
        }
    }

    /** The fixture's weights under each activation the compiled encoders implement, against DJL's float32 blocks. */
    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new", "relu", "silu"})
    void everyActivationMatchesTheFloat32BlocksInEveryMode(String act) throws Exception {
        Path dir = Fixtures.dir().resolve("bert_model");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = fixtureModel(dir, act, m);
            BertInputs in = fixtureInputs(SafeTensors.open(dir.resolve("case.safetensors")).readAll(m));
            NDArray blocks = bert.forward(in).get("last_hidden_state");
            for (Precision p : Precision.values()) {
                NDArray compiled = lastHiddenState(bert, in, InferenceEncoder.compile(bert, p, "BertModel"));
                double d = relativeRms(compiled, blocks, in.attentionMask());
                assertTrue(d <= p.tolerance(), act + " in " + p + " is " + d + " from the blocks");
            }
        }
    }

    /** bf16's linear layers on oneDNN's packed weights, activation fused, against its plain path. */
    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new", "relu", "silu"})
    void bf16PackedLinearLayersAgreeWithThePlainOnes(String act) throws Exception {
        assumeTrue(Cpu.hasOneDnnBf16(), "oneDNN has no bfloat16 kernels on this CPU");
        Path dir = Fixtures.dir().resolve("bert_model");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = fixtureModel(dir, act, m);
            BertInputs in = fixtureInputs(SafeTensors.open(dir.resolve("case.safetensors")).readAll(m));
            NDArray plain = lastHiddenState(bert, in,
                    CompiledEncoder.compile(bert, Precision.BF16, "BertModel", false));
            NDArray packed = lastHiddenState(bert, in,
                    CompiledEncoder.compile(bert, Precision.BF16, "BertModel", true));
            double d = relativeRms(packed, plain, in.attentionMask());
            assertTrue(d <= Precision.BF16.tolerance(), act + ": packed is " + d + " from plain");
        }
    }

    /** ONNX Runtime's native tensors are freed per call: resident memory stays flat over many batches. */
    @Test
    void int8KeepsResidentMemoryFlatOverManyBatches() throws Exception {
        Path dir = EmbeddedModels.defaultEncoder();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = model(dir, BertConfig.read(dir), m);
            Shape shape = new Shape(32, 64);
            try (InferenceEncoder c = InferenceEncoder.compile(bert, Precision.INT8, "BertModel")) {
                long before = 0;
                for (int call = 0; call < 220; call++) {
                    if (call == 20) {
                        before = ProcessMemory.kib("VmRSS");
                    }
                    try (NDManager batch = m.newSubManager()) {
                        NDArray ids = batch.randomInteger(1000, 20000, shape, DataType.INT64);
                        c.forward(ids, null, batch.ones(shape, DataType.INT64)).toFloatArray();
                    }
                }
                long grown = ProcessMemory.kib("VmRSS") - before;
                // 200 leaked outputs would be 600 MB (32 x 64 x 384 floats each).
                assertTrue(grown < 100_000, "resident memory grew by " + grown + " kB over 200 batches");
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

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void aCausalDecoderIsRefusedNamingTheModeAndTheHead(Precision p) throws Exception {
        Path dir = Fixtures.dir().resolve("causal_lm");
        BertNetwork net = BertHeads.create("BertLMHeadModel", BertConfig.read(dir));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceEncoder.compile(BertHeads.encoderOf(net), p, "BertLMHeadModel"));
        assertTrue(e.getMessage().contains(p.id()) && e.getMessage().contains("BertLMHeadModel")
                && e.getMessage().contains("is_decoder"), e.getMessage());
    }

    @Test
    void unknownModesAreRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.of("fp8"));
        assertEquals("precision 'fp8' is not one of fp32, bf16, int8", e.getMessage());
        assertEquals(Precision.BF16, Precision.of("BF16"));
    }
}
