package dev.sparkbert.core.optim;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Passes over large float buffers {@value #BLOCK} elements at a time, with the blocks of each buffer
 * split into contiguous parts run on the calling thread and the common fork-join pool. A block is
 * computed the same way whatever the split, so results do not depend on the number of parts.
 */
final class BlockParallel {

    /** Elements per block: the scratch arrays of a block stay in the L2 cache. */
    static final int BLOCK = 8192;

    private BlockParallel() {}

    /** The blocks of {@code n} elements (the last may be short). */
    static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    /** The first block of {@code part} of {@code parts} over {@code blocks} blocks ({@code part == parts}: the end). */
    static int firstBlock(int blocks, int part, int parts) {
        return (int) ((long) blocks * part / parts);
    }

    /**
     * The parts a pass is split into: PyTorch's intra-op thread count on the calling thread, the
     * cores the replica's forward and backward passes use and that are idle while it updates.
     */
    static int parts() {
        return Math.max(1, JniUtils.getNumThreads());
    }

    /** Runs {@code part} for every part in [0, parts): inline for one, else on the common pool too. */
    static void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
        } else {
            IntStream.range(0, parts).parallel().forEach(part);
        }
    }
}
