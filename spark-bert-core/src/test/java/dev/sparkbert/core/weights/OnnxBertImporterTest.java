package dev.sparkbert.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.util.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imported ONNX encoders compute what ONNX Runtime computes on the original file. */
class OnnxBertImporterTest {

    @TempDir Path tmp;

    @Test
    void miniLmMatchesOnnxRuntimeOnShortLongAndPaddedSentences() throws Exception {
        List<String> sentences = List.of("A man is playing a guitar.", "hi",
                "The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun by the river. "
                        .repeat(6),
                "");
        BertConfig config = checkAgainstOnnxRuntime(EmbeddedModels.ALL_MINILM_L6_V2, sentences);
        assertEquals(6, config.getNumHiddenLayers());
        assertEquals(384, config.getHiddenSize());
        assertEquals(12, config.getNumAttentionHeads());
        assertEquals(1536, config.getIntermediateSize());
        assertEquals(30522, config.getVocabSize());
        assertEquals("gelu", config.getHiddenAct());
        assertEquals(1e-12, config.getLayerNormEps());
    }

    @Test
    void chineseBgeSmallMatchesOnnxRuntime() throws Exception {
        checkAgainstOnnxRuntime(EmbeddedModels.BGE_SMALL_ZH_V15,
                List.of("今天天气很好，我们去公园散步吧。", "这家酒店的服务非常差", "短", "混合 English 和中文的句子。",
                        "房间干净整洁，早餐种类丰富，前台服务热情周到，交通也很方便，下次还会再来。".repeat(3)));
    }

    @Test
    void notAnOnnxFileIsACleanError() throws IOException {
        Path bad = tmp.resolve("bad.onnx");
        Files.write(bad, new byte[] {0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2});
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> OnnxBertImporter.importModel(bad, null, tmp.resolve("out")));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    private BertConfig checkAgainstOnnxRuntime(String name, List<String> sentences) throws Exception {
        Path onnx = tmp.resolve(name + ".onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".onnx")) {
            Files.copy(in, onnx);
        }
        Path tokJson = tmp.resolve("tok.json");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + "-tokenizer.json")) {
            Files.copy(in, tokJson);
        }
        Path dir = tmp.resolve("ckpt");
        BertConfig config = OnnxBertImporter.importModel(onnx, tokJson, dir);
        Engines.noGradOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(dir).optMaxLength(128).optPadToLongest().build();
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            BertNetwork net = BertWeights.fromPretrained(dir, null, manager);
            List<Encoded> enc = tok.encodeBatch(sentences);
            long[][] ids = new long[enc.size()][];
            long[][] types = new long[enc.size()][];
            long[][] mask = new long[enc.size()][];
            for (int i = 0; i < enc.size(); i++) {
                ids[i] = enc.get(i).ids();
                types[i] = enc.get(i).typeIds();
                mask[i] = enc.get(i).attentionMask();
            }
            NDArray ours = net.forward(BertInputs.builder().setInputIds(manager.create(ids))
                    .optTokenTypeIds(manager.create(types)).optAttentionMask(manager.create(mask)).build())
                    .get("last_hidden_state");
            float[][][] ort = runOrt(env, session, ids, types, mask);
            double max = 0;
            double maxPadded = 0; // outputs at padding positions: meaningless, but should stay close
            float[] flat = ours.toFloatArray();
            int seq = ids[0].length;
            int hidden = config.getHiddenSize();
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < seq; t++) {
                    for (int h = 0; h < hidden; h++) {
                        double d = Math.abs(flat[(b * seq + t) * hidden + h] - ort[b][t][h]);
                        if (mask[b][t] == 1) {
                            max = Math.max(max, d);
                        } else {
                            maxPadded = Math.max(maxPadded, d);
                        }
                    }
                }
            }
            assertTrue(seq >= 100, "a long sentence is in the batch");
            assertTrue(max <= 1e-4, name + ": last_hidden_state differs from ONNX Runtime by " + max);
            assertTrue(maxPadded <= 1e-3, name + ": at padding positions, differs by " + maxPadded);
        }
        return config;
    }

    private static float[][][] runOrt(OrtEnvironment env, OrtSession session, long[][] ids, long[][] types,
            long[][] mask) throws OrtException {
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids);
                OnnxTensor t = OnnxTensor.createTensor(env, types);
                OnnxTensor m = OnnxTensor.createTensor(env, mask);
                OrtSession.Result r = session.run(Map.of("input_ids", i, "token_type_ids", t, "attention_mask", m))) {
            return (float[][][]) r.get(0).getValue();
        }
    }
}
