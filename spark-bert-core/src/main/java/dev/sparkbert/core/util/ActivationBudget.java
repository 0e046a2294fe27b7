package dev.sparkbert.core.util;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertNetwork;

/**
 * How many sequences one forward pass may hold so that its largest activation (the attention
 * scores, batch x heads x seq x seq; the feed-forward's intermediate, batch x seq x intermediate
 * size; a language-model head's logits, batch x seq x vocabulary; float32) stays within
 * {@link #BYTES}.
 *
 * <p>Why: PyTorch allocates each CPU tensor with {@code malloc}, and glibc serves blocks over 32 MiB
 * (its largest mmap threshold on 64-bit Linux) with {@code mmap} and returns them with
 * {@code munmap}. A pass with larger activations faults in and zeroes fresh pages for every such
 * tensor, every time: half the CPU time of a SQuAD training step at length 256 and batch 32
 * (attention scores of 100 MB per layer) went to page faults, and the step ran 3x faster once the
 * batch was cut into chunks under the limit (BENCHMARKS.md). Blocks under it are kept and reused by
 * malloc. Splitting a batch changes no result: inference rows are independent, and training weights
 * each chunk's loss by its share of the global count.
 */
public final class ActivationBudget {

    /** glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit: 32 MiB. */
    public static final long BYTES = 32L << 20;

    private ActivationBudget() {}

    /**
     * The most sequences of {@code seqLen} tokens a pass should hold; at least 1.
     *
     * @param perTokenOutputs floats the head outputs per token (the vocabulary for language-model
     *     heads, see {@link BertNetwork#perTokenOutputs()}), else 0
     */
    public static int maxSequences(BertConfig config, int perTokenOutputs, int seqLen) {
        long len = Math.max(1, seqLen);
        long widest = Math.max(Math.max((long) config.getNumAttentionHeads() * len, config.getIntermediateSize()),
                perTokenOutputs);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BYTES / (4L * len * widest)));
    }

    /** The most sequences of {@code seqLen} tokens one pass of {@code network} should hold; at least 1. */
    public static int maxSequences(BertNetwork network, int seqLen) {
        return maxSequences(network.getConfig(), network.perTokenOutputs(), seqLen);
    }
}
