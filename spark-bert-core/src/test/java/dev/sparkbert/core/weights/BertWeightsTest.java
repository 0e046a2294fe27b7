package dev.sparkbert.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForMaskedLM;
import dev.sparkbert.core.heads.BertForSequenceClassification;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertWeightsTest {

    private NDManager manager;
    private final Path fixtures = Fixtures.dir();
    @TempDir Path tmp;

    @BeforeEach
    void open() {
        Engines.noGradOnThisThread();
        manager = NDManager.newBaseManager(Engines.PYTORCH);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray ids() {
        return manager.create(new long[][] {{2, 10, 20, 30, 3, 0}, {2, 40, 50, 3, 0, 0}});
    }

    private NDArray mask() {
        return manager.create(new long[][] {{1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 0, 0}});
    }

    private NDArray logits(BertNetwork net) {
        return net.forward(BertInputs.builder().setInputIds(ids()).optAttentionMask(mask()).build()).logits();
    }

    @Test
    void savedCheckpointReloadsWithIdenticalOutputsAndWithoutTiedCopies() throws IOException {
        BertNetwork mlm = BertWeights.fromPretrained(fixtures.resolve("masked_lm"), null, manager);
        BertWeights.save(mlm, tmp);
        SafeTensors saved = SafeTensors.open(tmp.resolve("model.safetensors"));
        assertFalse(saved.getTensors().containsKey("cls.predictions.decoder.weight"), "tied weight saved once");
        assertEquals("pt", saved.getMetadata().get("format"));
        assertEquals("BertForMaskedLM", BertConfig.read(tmp).getArchitectures().get(0));
        BertNetwork again = BertWeights.fromPretrained(tmp, null, manager);
        assertEquals(0.0, Fixtures.maxAbsDiff(logits(again), logits(mlm)));
    }

    @Test
    void anyHeadsCheckpointLoadsIntoAnotherHeadReportingWhatChanged() throws IOException {
        Path dir = fixtures.resolve("masked_lm");
        BertForSequenceClassification cls = new BertForSequenceClassification(BertConfig.read(dir));
        LoadReport report = BertWeights.load(cls, dir, manager, 7);
        assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight",
                "classifier.bias"), report.newlyInitialized());
        assertTrue(report.unused().contains("cls.predictions.bias"));
        assertTrue(report.describe().contains("newly initialized"));
        assertEquals(0f, cls.namedParameters().get("classifier.bias").getArray().abs().max().getFloat());
        NDArray w = cls.namedParameters().get("classifier.weight").getArray();
        float std = (float) Math.sqrt(w.square().mean().getFloat());
        assertEquals(0.02, std, 0.01, "HF init: normal(0, initializer_range)");

        // A head's checkpoint into the bare model: the bert. prefix is stripped, heads are unused.
        BertModel bare = new BertModel(BertConfig.read(dir), true);
        LoadReport r2 = BertWeights.load(bare, dir, manager, 7);
        assertEquals(List.of("pooler.dense.weight", "pooler.dense.bias"), r2.newlyInitialized());
    }

    @Test
    void legacyNamesAndAnUntiedDecoderCopyLoad() throws IOException {
        Path dir = fixtures.resolve("masked_lm");
        SafeTensors src = SafeTensors.open(dir.resolve("model.safetensors"));
        Map<String, NDArray> legacy = new LinkedHashMap<>();
        for (String key : src.getTensors().keySet()) {
            String k = key.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta");
            legacy.put(k.equals("cls.predictions.bias") ? "cls.predictions.decoder.bias" : k, src.read(key, manager));
        }
        legacy.put("cls.predictions.decoder.weight", src.read("bert.embeddings.word_embeddings.weight", manager));
        Path old = tmp.resolve("old");
        SafeTensors.write(old.resolve("model.safetensors"), legacy, Map.of());
        Files.copy(dir.resolve("config.json"), old.resolve("config.json"));
        BertForMaskedLM fromOld = new BertForMaskedLM(BertConfig.read(old));
        LoadReport report = BertWeights.load(fromOld, old, manager, 0);
        assertEquals(List.of(), report.newlyInitialized());
        assertEquals(List.of(), report.unused());
        BertNetwork reference = BertWeights.fromPretrained(dir, null, manager);
        assertEquals(0.0, Fixtures.maxAbsDiff(logits(fromOld), logits(reference)));
    }

    @Test
    void decoderIsTheWordEmbeddingTensor() throws IOException {
        BertForMaskedLM mlm = (BertForMaskedLM) BertWeights.fromPretrained(fixtures.resolve("masked_lm"), null, manager);
        Map<String, Parameter> params = mlm.namedParameters();
        assertFalse(params.containsKey("cls.predictions.decoder.weight"));
        Parameter word = params.get("bert.embeddings.word_embeddings.weight");
        assertSame(word, mlm.getBert().getEmbeddings().getWordEmbeddings().getWeight());
    }

    @Test
    void shapeMismatchNamesTheKeyAndBothShapes() throws IOException {
        Path dir = fixtures.resolve("seqcls_single_label");
        BertConfig fiveLabels = BertConfig.read(dir).toBuilder().optNumLabels(5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertWeights.load(new BertForSequenceClassification(fiveLabels), dir, manager, 0));
        assertTrue(e.getMessage().contains("classifier.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("(3, 32)") && e.getMessage().contains("(5, 32)"), e.getMessage());
    }

    @Test
    void shardedCheckpointLoads() throws IOException {
        Path dir = fixtures.resolve("seqcls_single_label");
        SafeTensors src = SafeTensors.open(dir.resolve("model.safetensors"));
        Map<String, NDArray> a = new LinkedHashMap<>();
        Map<String, NDArray> b = new LinkedHashMap<>();
        JsonObject weightMap = new JsonObject();
        int i = 0;
        for (String key : src.getTensors().keySet()) {
            boolean first = i++ % 2 == 0;
            (first ? a : b).put(key, src.read(key, manager));
            weightMap.addProperty(key, first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        Path sharded = tmp.resolve("sharded");
        SafeTensors.write(sharded.resolve("model-00001-of-00002.safetensors"), a, Map.of("format", "pt"));
        SafeTensors.write(sharded.resolve("model-00002-of-00002.safetensors"), b, Map.of("format", "pt"));
        JsonObject index = new JsonObject();
        index.add("weight_map", weightMap);
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.toString());
        Files.copy(dir.resolve("config.json"), sharded.resolve("config.json"));
        BertNetwork fromShards = BertWeights.fromPretrained(sharded, null, manager);
        BertNetwork reference = BertWeights.fromPretrained(dir, null, manager);
        assertEquals(0.0, Fixtures.maxAbsDiff(logits(fromShards), logits(reference)));
    }

    @Test
    void badTokenIdsAndOverlongSequencesAreCleanErrors() throws IOException {
        BertNetwork net = BertWeights.fromPretrained(fixtures.resolve("bert_model"), null, manager);
        BertConfig c = net.getConfig();
        NDArray outside = manager.create(new long[][] {{2, c.getVocabSize(), 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(BertInputs.builder().setInputIds(outside).build()));
        assertTrue(e.getMessage().contains("token id " + c.getVocabSize()), e.getMessage());
        NDArray negative = manager.create(new long[][] {{2, -5, 3}});
        assertThrows(IllegalArgumentException.class, () -> net.forward(BertInputs.builder().setInputIds(negative).build()));
        NDArray tooLong = manager.zeros(new Shape(1, c.getMaxPositionEmbeddings() + 1), ai.djl.ndarray.types.DataType.INT64);
        e = assertThrows(IllegalArgumentException.class, () -> net.forward(BertInputs.builder().setInputIds(tooLong).build()));
        assertTrue(e.getMessage().contains("max_position_embeddings"), e.getMessage());
    }

    @Test
    void initializationIsHfsAndDeterministic() throws IOException {
        BertConfig config = BertConfig.read(fixtures.resolve("pretraining"));
        BertNetwork a = BertHeads.create("BertForPreTraining", config);
        BertNetwork b = BertHeads.create("BertForPreTraining", config);
        BertWeights.initialize(a, manager, 42);
        BertWeights.initialize(b, manager, 42);
        Map<String, Parameter> pa = a.namedParameters();
        pa.forEach((k, p) -> assertEquals(0.0, Fixtures.maxAbsDiff(p.getArray(), b.namedParameters().get(k).getArray()), k));
        NDArray word = pa.get("bert.embeddings.word_embeddings.weight").getArray();
        assertEquals(0f, word.get(config.getPadTokenId()).abs().sum().getFloat(), "padding row is zero");
        assertEquals(1f, pa.get("bert.embeddings.LayerNorm.weight").getArray().min().getFloat());
        assertEquals(0f, pa.get("cls.predictions.bias").getArray().abs().max().getFloat());
    }

    @Test
    void missingWeightFilesAreNamed() {
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> BertWeights.load(new BertModel(BertConfig.read(fixtures.resolve("bert_model")), true), tmp,
                        manager, 0));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void copyIntoOverwritesParametersThatCollectGradientsOnAFreshThread() throws Exception {
        // A resumed replica copies its checkpoint into parameters that already collect gradients,
        // on whatever thread Spark gives the retried task; PyTorch starts every thread in grad mode.
        Path dir = fixtures.resolve("bert_model");
        BertNetwork net = BertWeights.fromPretrained(dir, null, manager);
        NDArray weight = net.namedParameters().get("embeddings.word_embeddings.weight").getArray();
        float[] expected = weight.toFloatArray();
        weight.muli(0);
        net.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
        Throwable[] failure = new Throwable[1];
        Thread fresh = new Thread(() -> {
            try {
                BertWeights.copyInto(net, dir);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        fresh.start();
        fresh.join();
        assertEquals(null, failure[0], () -> "copyInto failed: " + failure[0]);
        assertArrayEquals(expected, weight.toFloatArray());
    }
}
