package dev.sparkbert.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.config.BertConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedModelsTest {

    @TempDir Path cache;

    @AfterEach
    void reset() {
        System.clearProperty("sparkbert.cache");
    }

    @Test
    void defaultEncoderBecomesACachedHfCheckpointOnce() throws IOException {
        System.setProperty("sparkbert.cache", cache.toString());
        Path dir = EmbeddedModels.defaultEncoder();
        assertEquals(cache.resolve(EmbeddedModels.ALL_MINILM_L6_V2), dir);
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
        assertEquals("BertModel", BertConfig.read(dir).getArchitectures().get(0));
        FileTime written = Files.getLastModifiedTime(dir.resolve("model.safetensors"));
        assertEquals(dir, EmbeddedModels.defaultEncoder());
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("model.safetensors")), "not rewritten");
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count(), "no temporary folders left");
        }
    }

    @Test
    void unknownEmbeddedModelIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedModels.checkpoint("no-such-model"));
        assertTrue(e.getMessage().contains("no-such-model"));
    }
}
