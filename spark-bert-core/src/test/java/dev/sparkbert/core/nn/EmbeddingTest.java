package dev.sparkbert.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import java.nio.FloatBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    /** Rows of {@code g} (row-major, {@code width} floats each) that hold a non-zero value. */
    private static Set<Integer> nonZeroRows(FloatBuffer g, int width) {
        Set<Integer> rows = new java.util.TreeSet<>();
        for (int i = 0; i < g.limit(); i++) {
            if (g.get(i) != 0f) {
                rows.add(i / width);
            }
        }
        return rows;
    }

    /**
     * In training the word-embedding gradient comes sparse from the lookup and is added into the
     * parameter's dense gradient: after two passes it is dense memory holding the rows of both
     * passes' ids and zeros elsewhere, and a step's zeroing clears it.
     */
    @Test
    void trainingPassesAddTheLookedUpRowsIntoADenseGradient() throws Exception {
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork net = BertWeights.fromPretrained(Fixtures.dir().resolve("seqcls_single_label"), null, manager);
            String key = "bert.embeddings.word_embeddings.weight";
            int width = net.getConfig().getHiddenSize();
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).build();
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, 1.0)) {
                assertEquals(Set.of(), nonZeroRows(adamw.gradientViews().get(key), width));
                trainer.accumulate(m -> BertInputs.builder().setInputIds(m.create(new long[] {2, 5, 7, 5},
                        new Shape(1, 4))).optLabels(m.create(new long[] {1})).build(), 1f);
                trainer.accumulate(m -> BertInputs.builder().setInputIds(m.create(new long[] {2, 9, 3},
                        new Shape(1, 3))).optLabels(m.create(new long[] {0})).build(), 1f);
                FloatBuffer g = adamw.gradientViews().get(key);
                assertEquals(net.getConfig().getVocabSize() * width, g.limit());
                assertEquals(Set.of(2, 3, 5, 7, 9), nonZeroRows(g, width));
                assertTrue(Float.isFinite(g.get(5 * width)));
                adamw.zeroGradients();
                assertEquals(Set.of(), nonZeroRows(adamw.gradientViews().get(key), width));
            }
        }
    }
}
