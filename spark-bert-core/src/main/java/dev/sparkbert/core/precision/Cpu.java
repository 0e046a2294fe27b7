package dev.sparkbert.core.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/** What this host's CPU offers the reduced precisions, from {@code /proc/cpuinfo} (Linux; elsewhere nothing). */
public final class Cpu {

    /** The flags that decide the speed of bf16 and int8 passes. */
    static final List<String> RELEVANT = List.of("amx_bf16", "amx_int8", "amx_tile", "avx512_bf16", "avx512_vnni",
            "avx_vnni", "avx512f");

    private static final Set<String> FLAGS = read();
    private static final AtomicBoolean BF16_ADVISED = new AtomicBoolean();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cpu.class);

    private Cpu() {}

    private static Set<String> read() {
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: assume nothing, the safe choice for int8 (7-bit weights).
        }
        return flags;
    }

    /** Whether u8 x s8 dot products accumulate in int32 (VNNI or AMX-INT8), so 8-bit weights cannot overflow. */
    public static boolean hasInt8DotProducts() {
        return FLAGS.contains("avx512_vnni") || FLAGS.contains("avx_vnni") || FLAGS.contains("amx_int8");
    }

    /**
     * Whether oneDNN runs bfloat16 linear layers here (AVX-512 BW, VL and DQ, PyTorch's own test;
     * only AMX-BF16 makes them faster than float32, {@link #bf16Slowdown}).
     */
    public static boolean hasOneDnnBf16() {
        return oneDnnBf16(FLAGS);
    }

    private static boolean oneDnnBf16(Set<String> flags) {
        return flags.containsAll(List.of("avx512bw", "avx512vl", "avx512dq"));
    }

    /**
     * Why bfloat16 products run slower than float32 on a CPU with these flags, or null where they are
     * fast (AMX-BF16). Measured with MiniLM on one AMX host, oneDNN capped to the lesser instruction
     * sets ({@code ONEDNN_MAX_CPU_ISA}, BENCHMARKS.md), and on an AVX2-only host.
     */
    static String bf16Slowdown(Set<String> flags) {
        if (flags.contains("amx_bf16")) {
            return null;
        }
        if (flags.contains("avx512_bf16")) {
            return "without AMX-BF16 its products run on AVX512-BF16, measured at 0.7-0.8x float32's speed";
        }
        if (oneDnnBf16(flags)) {
            return "without AVX512-BF16 or AMX-BF16 oneDNN emulates its products on AVX-512, measured at 0.3x"
                    + " float32's speed";
        }
        return "without AVX-512 its products run in PyTorch's generic kernels, measured at a sixth of float32's"
                + " speed on AVX2";
    }

    /**
     * Logs once per JVM, when a model is about to run in {@code precision} bf16 on a CPU where that
     * is slower than fp32, why and what to use instead.
     */
    public static void adviseOn(Precision precision) {
        String why = precision == Precision.BF16 ? bf16Slowdown(FLAGS) : null;
        if (why != null && BF16_ADVISED.compareAndSet(false, true)) {
            LOG.warn("precision bf16 on this CPU [{}]: {}; fp32 (or int8 for inference) is faster here", relevantFlags(),
                    why);
        }
    }

    /** The relevant flags this CPU has, for benchmark and log lines, e.g. "avx512_bf16 avx512_vnni avx512f". */
    public static String relevantFlags() {
        return String.join(" ", RELEVANT.stream().filter(FLAGS::contains).sorted().toList());
    }
}
