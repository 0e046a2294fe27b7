package dev.sparkbert.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    @TempDir Path tmp;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void writtenFilesFollowTheSafetensorsSpec() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", manager.create(new float[] {1, 2, 3, 4, 5, 6}, new ai.djl.ndarray.types.Shape(2, 3)));
        tensors.put("b", manager.create(new long[] {7, 8}));
        Path f = tmp.resolve("x.safetensors");
        SafeTensors.write(f, tensors, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim())
                .getAsJsonObject();
        assertEquals("pt", header.getAsJsonObject("__metadata__").get("format").getAsString());
        JsonObject a = header.getAsJsonObject("a.weight");
        assertEquals("F32", a.get("dtype").getAsString());
        assertEquals("[2,3]", a.get("shape").toString());
        assertEquals("[0,24]", a.get("data_offsets").toString());
        assertEquals("[24,40]", header.getAsJsonObject("b").get("data_offsets").toString());
        assertEquals(8 + n + 40, bytes.length, "data follows the header with no gap");
        assertEquals(2f, ByteBuffer.wrap(bytes, (int) (8 + n + 4), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        SafeTensors read = SafeTensors.open(f);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.read("a.weight", manager).toFloatArray());
        assertArrayEquals(new long[] {7, 8}, read.read("b", manager).toLongArray());
        assertTrue(Files.list(tmp).allMatch(p -> p.equals(f)), "no temporary file left behind");
    }

    @Test
    void halfAndBfloat16AreWidenedToFloat32() throws IOException {
        // 1.5 as F16 = 0x3E00; -2.0 as BF16 = 0xC000; 65504 (F16 max) = 0x7BFF; 2^-24 (F16 subnormal) = 0x0001.
        Path f = handWritten("{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[6,8]}}",
                new short[] {0x3E00, 0x7BFF, 0x0001, (short) 0xC000});
        SafeTensors st = SafeTensors.open(f);
        assertArrayEquals(new float[] {1.5f, 65504f, 0x1p-24f}, st.read("h", manager).toFloatArray());
        assertArrayEquals(new float[] {-2f}, st.read("b", manager).toFloatArray());
    }

    @Test
    void truncatedFileIsACleanError() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertMessage(f, "shorter than the 8-byte header length");
    }

    @Test
    void headerLongerThanTheFileIsACleanError() throws IOException {
        Path f = tmp.resolve("h.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2);
        Files.write(f, b.array());
        assertMessage(f, "does not fit a file of 16 bytes");
    }

    @Test
    void byteSizeDisagreeingWithShapeIsACleanError() throws IOException {
        Path f = handWritten("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new short[4]);
        assertMessage(f, "tensor 'x' is 8 bytes but F32 [3] needs 12");
    }

    @Test
    void offsetsBeyondTheDataAreACleanError() throws IOException {
        Path f = handWritten("{\"x\":{\"dtype\":\"F32\",\"shape\":[1000000],\"data_offsets\":[0,4000000]}}",
                new short[2]);
        assertMessage(f, "outside the 4 data bytes");
    }

    @Test
    void unknownDtypeIsACleanError() throws IOException {
        Path f = handWritten("{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new short[1]);
        assertMessage(f, "unknown dtype 'F8_E4M3'");
    }

    @Test
    void garbageHeaderIsACleanError() throws IOException {
        Path f = handWritten("{not json at all", new short[0]);
        assertMessage(f, "header is not valid JSON");
    }

    private void assertMessage(Path f, String fragment) {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> SafeTensors.open(f));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
    }

    private Path handWritten(String header, short[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (short s : data) {
            b.putShort(s);
        }
        Path f = Files.createTempFile(tmp, "w", ".safetensors");
        Files.write(f, b.array());
        return f;
    }
}
