package dev.sparkbert.core.weights;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that weight import needs, read straight from the protobuf
 * wire format: the graph's initializers, and its nodes (name, op type, inputs, outputs, and the
 * tensor of {@code Constant} nodes). Field numbers are those of {@code onnx.proto}.
 */
final class OnnxGraph {

    /** A tensor's name, dims, ONNX data type and values (float types as float, integers as long). */
    record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        long numel() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    record Node(String name, String opType, List<String> inputs, List<String> outputs, Tensor value) {}

    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    final List<Node> nodes = new ArrayList<>();
    /** Constant node outputs by output name. */
    final Map<String, Tensor> constants = new LinkedHashMap<>();

    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;
    private static final int DOUBLE = 11;
    private static final int BFLOAT16 = 16;

    static OnnxGraph read(InputStream in) throws IOException {
        CodedInputStream model = CodedInputStream.newInstance(in);
        model.setSizeLimit(Integer.MAX_VALUE);
        OnnxGraph g = new OnnxGraph();
        boolean sawGraph = false;
        while (true) {
            int tag = model.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                g.readGraph(model.readBytes().newCodedInput());
                sawGraph = true;
            } else {
                model.skipField(tag);
            }
        }
        if (!sawGraph) {
            throw new InvalidProtocolBufferException("no graph in this ONNX model");
        }
        return g;
    }

    private void readGraph(CodedInputStream in) throws IOException {
        in.setSizeLimit(Integer.MAX_VALUE);
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1:
                    Node n = readNode(in.readBytes().newCodedInput());
                    nodes.add(n);
                    if (n.value() != null && !n.outputs().isEmpty()) {
                        constants.put(n.outputs().get(0), n.value());
                    }
                    break;
                case 5:
                    Tensor t = readTensor(in.readBytes().newCodedInput());
                    initializers.put(t.name(), t);
                    break;
                default:
                    in.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        Tensor value = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return new Node(name, op, inputs, outputs, value);
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1: inputs.add(in.readStringRequireUtf8()); break;
                case 2: outputs.add(in.readStringRequireUtf8()); break;
                case 3: name = in.readStringRequireUtf8(); break;
                case 4: op = in.readStringRequireUtf8(); break;
                case 5: {
                    Tensor t = readAttributeTensor(in.readBytes().newCodedInput());
                    if (t != null) {
                        value = t;
                    }
                    break;
                }
                default: in.skipField(tag);
            }
        }
    }

    /** The tensor of an attribute named "value" (a Constant node's output), else null. */
    private static Tensor readAttributeTensor(CodedInputStream in) throws IOException {
        String name = "";
        Tensor t = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return "value".equals(name) ? t : null;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1: name = in.readStringRequireUtf8(); break;
                case 5: t = readTensor(in.readBytes().newCodedInput()); break;
                default: in.skipField(tag);
            }
        }
    }

    private static Tensor readTensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteString raw = null;
        List<Float> floatData = new ArrayList<>();
        List<Long> intData = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1: readVarints(in, packed, dims); break;
                case 2: dataType = in.readInt32(); break;
                case 4:
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floatData.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floatData.add(in.readFloat());
                    }
                    break;
                case 5: case 7: readVarints(in, packed, intData); break;
                case 8: name = in.readStringRequireUtf8(); break;
                case 9: raw = in.readBytes(); break;
                case 13: throw new InvalidProtocolBufferException("tensor '" + name
                        + "' keeps its data in an external file, which is not supported");
                default: in.skipField(tag);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        long numel = 1;
        for (long x : d) {
            if (x < 0) {
                throw new InvalidProtocolBufferException("tensor '" + name + "' has a negative dimension");
            }
            numel = Math.multiplyExact(numel, x);
        }
        return decode(name, d, dataType, numel, raw, floatData, intData);
    }

    private static Tensor decode(String name, long[] dims, int type, long numel, ByteString raw, List<Float> floatData,
            List<Long> intData) throws InvalidProtocolBufferException {
        int n = Math.toIntExact(numel);
        if (raw != null) {
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = type == FLOAT || type == INT32 ? 4 : type == INT64 || type == DOUBLE ? 8
                    : type == FLOAT16 || type == BFLOAT16 ? 2 : -1;
            if (width < 0) {
                return new Tensor(name, dims, type, null, null); // a type weights never use
            }
            if ((long) n * width != raw.size()) {
                throw new InvalidProtocolBufferException("tensor '" + name + "' has " + raw.size()
                        + " bytes of data but its dims need " + (long) n * width);
            }
            switch (type) {
                case FLOAT: { float[] f = new float[n]; b.asFloatBuffer().get(f); return new Tensor(name, dims, type, f, null); }
                case DOUBLE: { float[] f = new float[n]; for (int i = 0; i < n; i++) { f[i] = (float) b.getDouble(); } return new Tensor(name, dims, type, f, null); }
                case FLOAT16: { float[] f = new float[n]; for (int i = 0; i < n; i++) { f[i] = DTypes.halfToFloat(b.getShort() & 0xffff); } return new Tensor(name, dims, type, f, null); }
                case BFLOAT16: { float[] f = new float[n]; for (int i = 0; i < n; i++) { f[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16); } return new Tensor(name, dims, type, f, null); }
                case INT32: { long[] l = new long[n]; for (int i = 0; i < n; i++) { l[i] = b.getInt(); } return new Tensor(name, dims, type, null, l); }
                default: { long[] l = new long[n]; b.asLongBuffer().get(l); return new Tensor(name, dims, type, null, l); }
            }
        }
        if (!floatData.isEmpty()) {
            float[] f = new float[floatData.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = floatData.get(i);
            }
            return new Tensor(name, dims, type, f, null);
        }
        return new Tensor(name, dims, type, null, intData.stream().mapToLong(Long::longValue).toArray());
    }

    private static void readVarints(CodedInputStream in, boolean packed, List<Long> out) throws IOException {
        if (packed) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readInt64());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readInt64());
        }
    }
}
