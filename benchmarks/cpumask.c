/*
 * Runs a process as if its CPU lacked some instruction sets, to measure what a machine without them
 * would get from the same cores: loaded with LD_PRELOAD, it makes the CPUID instruction fault
 * (Linux's arch_prctl(ARCH_SET_CPUID), where /proc/cpuinfo lists cpuid_fault) and answers it with
 * the real values minus the hidden features. Libraries that pick their kernels from CPUID (oneDNN
 * and PyTorch, ONNX Runtime's MLAS) then pick the ones such a CPU would run. Threads inherit it;
 * the JVM chains the fault to this handler. /proc/cpuinfo is unchanged.
 *   CPUMASK=vnni: no AMX, AVX512-BF16, AVX512-FP16 or AVX-VNNI (an AVX512-VNNI CPU, e.g. Cascade Lake)
 *   CPUMASK=avx2: no AVX-512 of any kind and none of the above (an AVX2 + FMA CPU)
 * Build: gcc -O2 -shared -fPIC -o libcpumask.so benchmarks/cpumask.c (benchmarks/precision.sh does).
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define BIT(n) (1u << (n))

static int avx2_only;

static void on_segv(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) info;
    greg_t *r = ((ucontext_t *) context)->uc_mcontext.gregs;
    const unsigned char *ip = (const unsigned char *) r[REG_RIP];
    if (ip[0] != 0x0f || ip[1] != 0xa2) { /* not CPUID: fault again with the default action */
        signal(SIGSEGV, SIG_DFL);
        return;
    }
    unsigned leaf = (unsigned) r[REG_RAX], sub = (unsigned) r[REG_RCX], a, b, c, d;
    syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1);
    __cpuid_count(leaf, sub, a, b, c, d);
    syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
    if (leaf == 7 && sub == 0) {
        d &= ~(BIT(22) | BIT(23) | BIT(24) | BIT(25)); /* AMX-BF16, AVX512-FP16, AMX-TILE, AMX-INT8 */
        if (avx2_only) {
            /* AVX512 F, DQ, IFMA, PF, ER, CD, BW, VL; VBMI, VBMI2, VNNI, BITALG, VPOPCNTDQ; 4VNNIW, 4FMAPS, VP2INTERSECT */
            b &= ~(BIT(16) | BIT(17) | BIT(21) | BIT(26) | BIT(27) | BIT(28) | BIT(30) | BIT(31));
            c &= ~(BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14));
            d &= ~(BIT(2) | BIT(3) | BIT(8));
        }
    } else if (leaf == 7 && sub == 1) {
        a &= ~(BIT(4) | BIT(5)); /* AVX-VNNI, AVX512-BF16 */
    }
    r[REG_RAX] = a;
    r[REG_RBX] = b;
    r[REG_RCX] = c;
    r[REG_RDX] = d;
    r[REG_RIP] += 2;
}

__attribute__((constructor)) static void install(void) {
    const char *mask = getenv("CPUMASK");
    if (mask == NULL || (strcmp(mask, "vnni") != 0 && strcmp(mask, "avx2") != 0)) {
        return;
    }
    avx2_only = strcmp(mask, "avx2") == 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &action, NULL);
    syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
}
