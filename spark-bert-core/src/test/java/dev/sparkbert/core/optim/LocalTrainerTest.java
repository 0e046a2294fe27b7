package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {

    private final Path traj = Fixtures.dir().resolve("train_seqcls");

    /** Two micro-batches of 2 with loss scale 1/2 give the same update as one batch of 4. */
    @Test
    void gradientAccumulationEqualsTheFullBatch() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork whole = trained(manager, new int[][] {{0, 4}});
            BertNetwork accumulated = trained(manager, new int[][] {{0, 2}, {2, 4}});
            whole.namedParameters().forEach((k, p) -> {
                double d = Fixtures.maxAbsDiff(p.getArray(), accumulated.namedParameters().get(k).getArray());
                assertTrue(d < 1e-6, k + " differs by " + d);
            });
        }
    }

    /**
     * QA logits at padded positions are in the loss's softmax, so their gradient reaches the
     * [PAD] embedding; HF's padding_idx keeps that row out of training (BertEmbeddings), and so
     * must we.
     */
    @Test
    void thePadEmbeddingRowGetsNoGradient() throws IOException {
        Path qa = Fixtures.dir().resolve("question_answering");
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork net = BertHeads.create("BertForQuestionAnswering", BertConfig.read(qa));
            BertWeights.load(net, qa, manager, 0);
            NDArray words = net.namedParameters().get("bert.embeddings.word_embeddings.weight").getArray();
            int pad = net.getConfig().getPadTokenId();
            float[] padBefore = words.get(pad).toFloatArray();
            float[] clsBefore = words.get(2).toFloatArray();
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).optWeightDecay(0).build();
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, 1.0)) {
                trainer.accumulate(Fixtures::paddedQaBatch, 1f);
                trainer.step(1e-2);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(padBefore, words.get(pad).toFloatArray());
            assertTrue(Fixtures.maxAbsDiff(manager.create(clsBefore), words.get(2)) > 1e-4, "[CLS] row was trained");
        }
    }

    private BertNetwork trained(NDManager manager, int[][] slices) throws IOException {
        BertNetwork net = BertHeads.create("BertForSequenceClassification", BertConfig.read(traj.resolve("initial")));
        BertWeights.load(net, traj.resolve("initial"), manager, 0);
        SafeTensors batches = SafeTensors.open(traj.resolve("batches.safetensors"));
        AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).build();
        try (LocalTrainer trainer = new LocalTrainer(net, adamw, 1.0)) {
            for (int[] s : slices) {
                float loss = trainer.accumulate(m -> slice(batches, m, s[0], s[1]), 1f / slices.length);
                assertTrue(loss > 0);
            }
            double norm = trainer.step(1e-3);
            assertEquals(0.7006653547286987, norm, 1e-4, "first step's gradient norm as in HF's trajectory");
        }
        return net;
    }

    private static BertInputs slice(SafeTensors batches, NDManager m, int from, int to) {
        try {
            String p = "input.step0.";
            String rows = from + ":" + to;
            NDArray ids = batches.read(p + "input_ids", m).get(rows);
            return BertInputs.builder().setInputIds(ids)
                    .optTokenTypeIds(batches.read(p + "token_type_ids", m).get(rows))
                    .optAttentionMask(batches.read(p + "attention_mask", m).get(rows))
                    .optLabels(batches.read(p + "labels", m).get(rows)).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
