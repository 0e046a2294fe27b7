package dev.sparkbert.core.precision;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX {@code ModelProto} in the protobuf wire format: nodes, initializers, int64 graph
 * inputs of dynamic shape and float outputs. Field numbers are those of {@code onnx.proto} (the
 * reader beside it is {@code core.weights.OnnxGraph}). Nodes must be added in topological order.
 */
final class OnnxModelWriter {

    /** ONNX {@code TensorProto.DataType} values used here. */
    static final int FLOAT = 1;
    static final int INT8 = 3;
    static final int INT64 = 7;

    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final List<ByteString> nodes = new ArrayList<>();
    private final List<ByteString> initializers = new ArrayList<>();
    private final List<ByteString> inputs = new ArrayList<>();
    private final List<ByteString> outputs = new ArrayList<>();
    private int nodeCount;

    /** A node attribute: an int, a float or a list of ints. */
    record Attr(String name, int type, long i, float f, long[] ints) {
        static Attr of(String name, long value) {
            return new Attr(name, ATTR_INT, value, 0f, null);
        }

        static Attr of(String name, float value) {
            return new Attr(name, ATTR_FLOAT, 0L, value, null);
        }

        static Attr of(String name, long... values) {
            return new Attr(name, ATTR_INTS, 0L, 0f, values);
        }
    }

    /** Adds a graph input of type int64 whose dims are named (dynamic), e.g. {@code ("batch", "seq")}. */
    void int64Input(String name, String... dims) {
        inputs.add(valueInfo(name, INT64, dims));
    }

    /** Adds a graph output of type float32 whose dims are named (dynamic). */
    void floatOutput(String name, String... dims) {
        outputs.add(valueInfo(name, FLOAT, dims));
    }

    /**
     * Adds a node; {@code domain} "" is the ONNX domain.
     *
     * @return its first output's name
     */
    String node(String domain, String opType, List<String> in, List<String> out, Attr... attrs) {
        ByteString bytes = message(o -> {
            for (String s : in) {
                o.writeString(1, s);
            }
            for (String s : out) {
                o.writeString(2, s);
            }
            o.writeString(3, opType + "_" + nodeCount);
            o.writeString(4, opType);
            for (Attr a : attrs) {
                o.writeBytes(5, attribute(a));
            }
            if (!domain.isEmpty()) {
                o.writeString(7, domain);
            }
        });
        nodeCount++;
        nodes.add(bytes);
        return out.get(0);
    }

    /** Adds a float32 initializer of shape {@code dims}, values in row-major order. */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, FLOAT, UnsafeByteOperations.unsafeWrap(b.array()), dims);
    }

    /** Adds an int8 initializer of shape {@code dims}; {@code values} is kept, not copied. */
    String int8s(String name, byte[] values, long... dims) {
        return tensor(name, INT8, UnsafeByteOperations.unsafeWrap(values), dims);
    }

    /** Adds an int64 initializer of shape {@code dims}. */
    String int64s(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return tensor(name, INT64, UnsafeByteOperations.unsafeWrap(b.array()), dims);
    }

    private String tensor(String name, int dataType, ByteString raw, long[] dims) {
        initializers.add(message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, dataType);
            o.writeString(8, name);
            o.writeBytes(9, raw);
        }));
        return name;
    }

    /**
     * The model: IR version 8, the ONNX opset {@code onnxOpset} and each of {@code domains} (a
     * custom domain's name) at version 1.
     */
    byte[] toByteArray(String graphName, long onnxOpset, String... domains) {
        ByteString graph = message(o -> {
            for (ByteString n : nodes) {
                o.writeBytes(1, n);
            }
            o.writeString(2, graphName);
            for (ByteString t : initializers) {
                o.writeBytes(5, t);
            }
            for (ByteString v : inputs) {
                o.writeBytes(11, v);
            }
            for (ByteString v : outputs) {
                o.writeBytes(12, v);
            }
        });
        return message(o -> {
            o.writeInt64(1, 8);
            o.writeString(2, "spark-bert");
            o.writeBytes(7, graph);
            o.writeBytes(8, opset("", onnxOpset));
            for (String d : domains) {
                o.writeBytes(8, opset(d, 1));
            }
        }).toByteArray();
    }

    private static ByteString opset(String domain, long version) {
        return message(o -> {
            o.writeString(1, domain);
            o.writeInt64(2, version);
        });
    }

    private static ByteString attribute(Attr a) {
        return message(o -> {
            o.writeString(1, a.name());
            switch (a.type()) {
                case ATTR_FLOAT -> o.writeFloat(2, a.f());
                case ATTR_INT -> o.writeInt64(3, a.i());
                default -> {
                    for (long v : a.ints()) {
                        o.writeInt64(8, v);
                    }
                }
            }
            o.writeEnum(20, a.type());
        });
    }

    /** A {@code ValueInfoProto} of a tensor with named (dynamic) dims, or fixed ones written as digits. */
    private static ByteString valueInfo(String name, int elemType, String[] dims) {
        ByteString shape = message(o -> {
            for (String d : dims) {
                o.writeBytes(1, message(dim -> {
                    if (d.chars().allMatch(Character::isDigit)) {
                        dim.writeInt64(1, Long.parseLong(d));
                    } else {
                        dim.writeString(2, d);
                    }
                }));
            }
        });
        ByteString tensorType = message(o -> {
            o.writeInt32(1, elemType);
            o.writeBytes(2, shape);
        });
        return message(o -> {
            o.writeString(1, name);
            o.writeBytes(2, message(t -> t.writeBytes(1, tensorType)));
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Body body) {
        try {
            ByteString.Output bytes = ByteString.newOutput();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
