package dev.sparkbert.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForQuestionAnswering;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training passes through {@link TrainingEncoder}: float32 gives the gradients of DJL's blocks
 * (so the module computes HF's encoder, [PAD] row rule included), bf16 stays near them.
 */
class TrainingEncoderTest {

    private static final Path QA = Fixtures.dir().resolve("question_answering");

    /** Loss and every parameter's gradient of one QA micro-batch, by parameter name. */
    private record Pass(float loss, Map<String, float[]> gradients) {}

    private static Pass pass(Precision precision) throws IOException {
        return pass(precision, 0);
    }

    /** A pass with both dropout probabilities {@code dropout}, masks drawn after the same seed. */
    private static Pass pass(Precision precision, double dropout) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertConfig config = BertConfig.read(QA).toBuilder().optHiddenDropoutProb(dropout)
                    .optAttentionProbsDropoutProb(dropout).build();
            BertForQuestionAnswering net = (BertForQuestionAnswering) BertHeads.create("BertForQuestionAnswering",
                    config);
            BertWeights.load(net, QA, manager, 0);
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).build();
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, 1.0);
                    TrainingEncoder encoder = precision == null ? null
                            : TrainingEncoder.compile(net.getBert(), precision, net.getArchitecture())) {
                net.getBert().useTrainingEncoder(encoder);
                Engines.seedGenerator(17);
                float loss = trainer.accumulate(Fixtures::paddedQaBatch, 1f);
                Map<String, float[]> gradients = new LinkedHashMap<>();
                net.namedParameters().forEach((k, p) -> gradients.put(k, p.getArray().getGradient().toFloatArray()));
                return new Pass(loss, gradients);
            }
        }
    }

    /** ||a - b|| / ||b|| over all gradients. */
    private static double relativeDistance(Pass a, Pass b) {
        double diff = 0;
        double norm = 0;
        for (Map.Entry<String, float[]> e : b.gradients().entrySet()) {
            float[] x = a.gradients().get(e.getKey());
            float[] y = e.getValue();
            for (int i = 0; i < y.length; i++) {
                diff += (x[i] - y[i]) * (double) (x[i] - y[i]);
                norm += y[i] * (double) y[i];
            }
        }
        return Math.sqrt(diff / norm);
    }

    private static void assertSameGradients(Pass blocks, Pass module) {
        assertEquals(blocks.loss(), module.loss(), 1e-5 * Math.abs(blocks.loss()));
        blocks.gradients().forEach((k, g) -> {
            float[] m = module.gradients().get(k);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], m[i], 1e-5, k + "'s gradient at " + i);
            }
        });
        assertTrue(relativeDistance(module, blocks) < 1e-5, "relative distance " + relativeDistance(module, blocks));
    }

    @Test
    void fp32GivesTheGradientsOfTheBlocks() throws IOException {
        Pass blocks = pass(null);
        Pass module = pass(Precision.FP32);
        assertSameGradients(blocks, module);
        BertConfig config = BertConfig.read(QA);
        float[] words = module.gradients().get("bert.embeddings.word_embeddings.weight");
        int hidden = words.length / config.getVocabSize();
        int pad = config.getPadTokenId();
        for (int i = pad * hidden; i < (pad + 1) * hidden; i++) {
            assertEquals(0f, words[i], "the [PAD] row gets no gradient");
        }
    }

    @Test
    void withDropoutTheModuleDrawsTheBlocksMasks() throws IOException {
        // The same draws in the same order (embeddings, then per layer attention probabilities,
        // attention output, output) from the same seed: the module's written-out attention and
        // its dropout compute the blocks' pass.
        Pass blocks = pass(null, 0.1);
        assertSameGradients(blocks, pass(Precision.FP32, 0.1));
        assertTrue(Math.abs(blocks.loss() - pass(null).loss()) > 1e-4, "dropout changed nothing");
    }

    @Test
    void bf16StaysNearFp32() throws IOException {
        Pass fp32 = pass(null);
        Pass bf16 = pass(Precision.BF16);
        double lossDistance = Math.abs(bf16.loss() - fp32.loss()) / Math.abs(fp32.loss());
        double gradientDistance = relativeDistance(bf16, fp32);
        System.out.println("bf16 training pass: loss " + lossDistance + ", gradients " + gradientDistance
                + " (relative to fp32)");
        assertTrue(lossDistance < 0.02, "loss " + bf16.loss() + " vs fp32 " + fp32.loss());
        assertTrue(gradientDistance < 0.05, "gradients are " + gradientDistance + " from fp32's");
        // fp32 through the module is within 1e-5 of the blocks; bf16 must be measurably not fp32.
        assertTrue(gradientDistance > 1e-5, "bf16 computed in float32: " + gradientDistance);
    }

    @Test
    void int8DoesNotTrain() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertForQuestionAnswering net = (BertForQuestionAnswering) BertHeads.create("BertForQuestionAnswering",
                    BertConfig.read(QA));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingEncoder.compile(net.getBert(), Precision.INT8, net.getArchitecture()));
            assertTrue(e.getMessage().contains("int8") && e.getMessage().contains("BertForQuestionAnswering"),
                    e.getMessage());
        }
    }
}
