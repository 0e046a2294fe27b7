package dev.sparkbert.core.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What this host's CPU offers the reduced precisions, from {@code /proc/cpuinfo} (Linux; elsewhere nothing). */
public final class Cpu {

    /** The flags that decide the speed of bf16 and int8 passes. */
    static final List<String> RELEVANT = List.of("amx_bf16", "amx_int8", "amx_tile", "avx512_bf16", "avx512_vnni",
            "avx_vnni", "avx512f");

    private static final Set<String> FLAGS = read();

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
     * AMX-BF16 or AVX512-BF16 make them fast).
     */
    public static boolean hasOneDnnBf16() {
        return FLAGS.containsAll(List.of("avx512bw", "avx512vl", "avx512dq"));
    }

    /** The relevant flags this CPU has, for benchmark and log lines, e.g. "avx512_bf16 avx512_vnni avx512f". */
    public static String relevantFlags() {
        return String.join(" ", RELEVANT.stream().filter(FLAGS::contains).sorted().toList());
    }
}
