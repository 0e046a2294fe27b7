package dev.sparkbert.core.precision;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuTest {

    @Test
    void bf16IsAdvisedAgainstExactlyWhereTheCpuLacksAmxBf16() {
        Set<String> avx512 = Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq");
        assertNull(Cpu.bf16Slowdown(Set.of("avx512bw", "avx512vl", "avx512dq", "avx512_bf16", "amx_bf16", "amx_tile")));
        String cooperLake = Cpu.bf16Slowdown(Set.of("avx512bw", "avx512vl", "avx512dq", "avx512_bf16"));
        assertTrue(cooperLake.contains("AVX512-BF16") && cooperLake.contains("0.7-0.8x"), cooperLake);
        String skylake = Cpu.bf16Slowdown(avx512);
        assertTrue(skylake.contains("emulates") && skylake.contains("0.3x"), skylake);
        String avx2 = Cpu.bf16Slowdown(Set.of("avx2", "fma"));
        assertTrue(avx2.contains("generic kernels"), avx2);
    }
}
