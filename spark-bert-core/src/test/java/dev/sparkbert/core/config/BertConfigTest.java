package dev.sparkbert.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.core.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {

    private static final String MINIMAL = "{\"vocab_size\": 100, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
            + " \"num_attention_heads\": 2, \"intermediate_size\": 16";

    @Test
    void readsEveryBertFieldOfAnHfConfig() throws IOException {
        BertConfig c = BertConfig.read(Fixtures.dir().resolve("seqcls_multi_label"));
        assertEquals(1024, c.getVocabSize());
        assertEquals(32, c.getHiddenSize());
        assertEquals(8, c.getAttentionHeadSize());
        assertEquals("gelu", c.getHiddenAct());
        assertEquals(4, c.getNumLabels());
        assertEquals("LABEL_2", c.getId2label().get(2));
        assertEquals(3, c.getLabel2id().get("LABEL_3"));
        assertEquals(ProblemType.MULTI_LABEL_CLASSIFICATION, c.getProblemType());
        assertNull(c.getClassifierDropout());
        assertEquals(0.1, c.getEffectiveClassifierDropout());
        assertEquals(1e-12, c.getLayerNormEps());
        assertTrue(c.isTieWordEmbeddings());
        assertEquals("BertForSequenceClassification", c.getArchitectures().get(0));
    }

    @Test
    void unknownFieldsSurviveALoadSaveRoundTrip(@TempDir Path tmp) throws IOException {
        Path src = Fixtures.dir().resolve("causal_lm").resolve("config.json");
        BertConfig c = BertConfig.read(src);
        c.write(tmp);
        JsonObject before = JsonParser.parseString(Files.readString(src)).getAsJsonObject();
        JsonObject after = JsonParser.parseString(Files.readString(tmp.resolve("config.json"))).getAsJsonObject();
        for (String key : before.keySet()) {
            assertEquals(before.get(key), after.get(key), "field " + key);
        }
        assertEquals(c, BertConfig.read(tmp));
    }

    @Test
    void labelsCanComeFromNumLabelsOrTheBuilder() {
        BertConfig c = BertConfig.fromJson(MINIMAL + ", \"num_labels\": 3}");
        assertEquals(3, c.getNumLabels());
        assertEquals("LABEL_1", c.getId2label().get(1));
        BertConfig named = c.toBuilder().optLabels(java.util.List.of("neg", "pos")).build();
        assertEquals(2, named.getNumLabels());
        assertEquals(1, named.getLabel2id().get("pos"));
        assertEquals(2, BertConfig.fromJson(MINIMAL + "}").getNumLabels(), "HF's default is 2 labels");
    }

    @Test
    void invalidConfigsFailNamingTheField() {
        assertMessage("hidden_size (10) is not a multiple of num_attention_heads (3)",
                "{\"vocab_size\": 100, \"hidden_size\": 10, \"num_hidden_layers\": 1, \"num_attention_heads\": 3,"
                        + " \"intermediate_size\": 16}");
        assertMessage("required field 'vocab_size' is missing",
                "{\"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16}");
        assertMessage("position_embedding_type 'relative_key'", MINIMAL + ", \"position_embedding_type\": \"relative_key\"}");
        assertMessage("hidden_act 'mish'", MINIMAL + ", \"hidden_act\": \"mish\"}");
        assertMessage("field 'hidden_size' must be an integer", MINIMAL.replace("\"hidden_size\": 8", "\"hidden_size\": \"8\"") + "}");
        assertMessage("hidden_dropout_prob must be in [0, 1)", MINIMAL + ", \"hidden_dropout_prob\": 1.5}");
        assertMessage("problem_type 'ranking'", MINIMAL + ", \"problem_type\": \"ranking\"}");
        assertMessage("not valid JSON", "{\"vocab_size\": ");
    }

    private static void assertMessage(String fragment, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertConfig.fromJson(json));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' names " + fragment);
    }
}
