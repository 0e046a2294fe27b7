package dev.sparkbert.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Conversions between safetensors dtype names, raw little-endian bytes and DJL arrays. */
final class DTypes {

    private DTypes() {}

    /** Bytes per element of a safetensors dtype, or -1 if unknown. */
    static int byteWidth(String dtype) {
        switch (dtype) {
            case "F64": case "I64": case "U64": return 8;
            case "F32": case "I32": case "U32": return 4;
            case "F16": case "BF16": case "I16": case "U16": return 2;
            case "I8": case "U8": case "BOOL": return 1;
            default: return -1;
        }
    }

    static NDArray toNDArray(ByteBuffer raw, SafeTensors.TensorInfo info, NDManager manager) {
        switch (info.dtype()) {
            case "F32":
                return manager.create(raw, info.djlShape(), DataType.FLOAT32);
            case "F16":
                return manager.create(widen(raw, info, DTypes::halfToFloat), info.djlShape());
            case "BF16":
                // DJL's own BF16 decoding crashes the JVM; widen in Java (bf16 is the top half of an f32).
                return manager.create(widen(raw, info, bits -> Float.intBitsToFloat(bits << 16)), info.djlShape());
            case "F64": {
                float[] out = new float[(int) info.numel()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) raw.getDouble();
                }
                return manager.create(out, info.djlShape());
            }
            case "I64":
                return manager.create(raw, info.djlShape(), DataType.INT64);
            case "I32":
                return manager.create(raw, info.djlShape(), DataType.INT32);
            case "I8":
                return manager.create(raw, info.djlShape(), DataType.INT8);
            case "U8":
                return manager.create(raw, info.djlShape(), DataType.UINT8);
            case "BOOL":
                return manager.create(raw, info.djlShape(), DataType.BOOLEAN);
            default:
                throw new CorruptCheckpointException(info.name() + ": dtype " + info.dtype()
                        + " is not supported for reading");
        }
    }

    private interface HalfDecoder {
        float decode(int bits);
    }

    private static FloatBuffer widen(ByteBuffer raw, SafeTensors.TensorInfo info, HalfDecoder decoder) {
        FloatBuffer out = ByteBuffer.allocateDirect((int) info.numel() * 4).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (long i = 0; i < info.numel(); i++) {
            out.put(decoder.decode(raw.getShort() & 0xffff));
        }
        return out.flip();
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float magnitude = mant * 0x1p-24f; // zero or subnormal
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf or NaN
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    static String safetensorsName(DataType t) {
        switch (t) {
            case FLOAT32: return "F32";
            case FLOAT64: return "F64";
            case FLOAT16: return "F16";
            case INT64: return "I64";
            case INT32: return "I32";
            case INT8: return "I8";
            case UINT8: return "U8";
            case BOOLEAN: return "BOOL";
            default: throw new IllegalArgumentException("cannot write arrays of type " + t + " to safetensors");
        }
    }

    static byte[] littleEndianBytes(NDArray a) {
        ByteBuffer src = a.toByteBuffer().order(ByteOrder.nativeOrder());
        byte[] out = new byte[src.remaining()];
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            src.get(out);
            return out;
        }
        throw new UnsupportedOperationException("writing safetensors on a big-endian machine is not supported");
    }
}
