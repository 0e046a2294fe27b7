package dev.sparkbert.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to {@code
 * dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header), then the raw
 * little-endian data.
 *
 * <p>The header is validated before any data is read: lengths beyond the file, unknown dtypes,
 * offsets outside the data or byte sizes that disagree with shape and dtype fail with a message
 * naming the file and tensor. Tensors are read one at a time with positional reads, so files over
 * 2 GB work and memory stays bounded by the largest tensor. F16 and BF16 are widened to F32.
 */
public final class SafeTensors {

    /** Largest header we accept; real headers are a few hundred KB. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** One tensor's entry in a header. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        /** Number of elements. */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public Shape djlShape() {
            return new Shape(shape);
        }
    }

    private final Path file;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Path file, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens a file and validates its header; no tensor data is read yet. */
    public static SafeTensors open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > MAX_HEADER_BYTES) {
                throw corrupt(file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file);
            String header = new String(headerBuf.array(), StandardCharsets.UTF_8);
            return parseHeader(file, header, 8 + headerLen, size - 8 - headerLen);
        }
    }

    private static SafeTensors parseHeader(Path file, String header, long dataStart, long dataLen) {
        JsonObject json;
        try {
            JsonElement e = JsonParser.parseString(header);
            if (!e.isJsonObject()) {
                throw corrupt(file, "header is not a JSON object");
            }
            json = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw corrupt(file, "header is not valid JSON: " + e.getMessage());
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                if (entry.getValue().isJsonObject()) {
                    entry.getValue().getAsJsonObject().entrySet()
                            .forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                }
                continue;
            }
            tensors.put(name, parseEntry(file, name, entry.getValue(), dataLen));
        }
        checkNoOverlap(file, tensors);
        return new SafeTensors(file, dataStart, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo parseEntry(Path file, String name, JsonElement value, long dataLen) {
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            int width = DTypes.byteWidth(dtype);
            if (width < 0) {
                throw corrupt(file, "tensor '" + name + "' has unknown dtype '" + dtype + "'");
            }
            List<Long> dims = new ArrayList<>();
            for (JsonElement d : o.getAsJsonArray("shape")) {
                long v = d.getAsLong();
                if (v < 0) {
                    throw corrupt(file, "tensor '" + name + "' has a negative dimension " + v);
                }
                dims.add(v);
            }
            long begin = o.getAsJsonArray("data_offsets").get(0).getAsLong();
            long end = o.getAsJsonArray("data_offsets").get(1).getAsLong();
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
            if (begin < 0 || end < begin || end > dataLen) {
                throw corrupt(file, "tensor '" + name + "' has data offsets [" + begin + ", " + end
                        + ") outside the " + dataLen + " data bytes");
            }
            long numel = 1;
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            if (Math.multiplyExact(numel, (long) width) != end - begin) {
                throw corrupt(file, "tensor '" + name + "' is " + (end - begin) + " bytes but " + dtype + " "
                        + dims + " needs " + numel * width);
            }
            return info;
        } catch (ArithmeticException | IllegalStateException | NullPointerException
                | UnsupportedOperationException | IndexOutOfBoundsException e) {
            throw corrupt(file, "tensor '" + name + "' has a malformed header entry: " + value);
        }
    }

    private static void checkNoOverlap(Path file, Map<String, TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                throw corrupt(file, "tensors '" + sorted.get(i - 1).name() + "' and '" + sorted.get(i).name()
                        + "' overlap");
            }
        }
    }

    public Path getFile() {
        return file;
    }

    /** Tensor entries by name, in header order. */
    public Map<String, TensorInfo> getTensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings. */
    public Map<String, String> getMetadata() {
        return metadata;
    }

    /**
     * Reads one tensor into an array of {@code manager}: float types as FLOAT32 (F16/BF16 widened,
     * F64 narrowed), integer and boolean types as themselves.
     */
    public NDArray read(String name, NDManager manager) throws IOException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(file + ": no tensor '" + name + "'");
        }
        long bytes = info.end() - info.begin();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IOException(file + ": tensor '" + name + "' is " + bytes + " bytes, over the 2 GB a"
                    + " single array can hold");
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(ch, raw, dataStart + info.begin(), file);
        }
        raw.flip();
        return DTypes.toNDArray(raw, info, manager);
    }

    /** Reads every tensor. */
    public Map<String, NDArray> readAll(NDManager manager) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, read(name, manager));
        }
        return out;
    }

    /**
     * Writes tensors to a file, atomically (a temporary file in the same folder, then a move). The
     * header carries {@code __metadata__} (HF writes {@code {"format": "pt"}}) and is padded with
     * spaces to a multiple of 8 bytes, as the reference implementation does.
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        List<byte[]> data = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            String dtype = DTypes.safetensorsName(a.getDataType());
            byte[] bytes = DTypes.littleEndianBytes(a);
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", dtype);
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            com.google.gson.JsonArray offsets = new com.google.gson.JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes.length);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            data.add(bytes);
            offset += bytes.length;
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(headerBytes);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(ch, head);
                for (byte[] b : data) {
                    writeFully(ch, ByteBuffer.wrap(b));
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw corrupt(file, "file ends early at byte " + pos);
            }
            pos += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static CorruptCheckpointException corrupt(Path file, String message) {
        return new CorruptCheckpointException(file + ": " + message);
    }
}
