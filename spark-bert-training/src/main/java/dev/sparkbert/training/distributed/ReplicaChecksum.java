package dev.sparkbert.training.distributed;

import ai.djl.nn.Parameter;
import dev.sparkbert.core.nn.BertNetwork;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Fails the fit if any replica's weights differ from the others' (a checksum of every weight's
 * bits, compared over the ring) every {@code checksumSteps} and after the last step.
 */
final class ReplicaChecksum implements TrainingListener {

    @Override
    public void onStepEnd(ReplicaState s, StepRecord step) throws IOException {
        if (ReplicaState.every(s.plan.validation().checksumSteps(), step.step() + 1) && !s.isLast(step)) {
            verify(s, step.step());
        }
    }

    @Override
    public void onTrainEnd(ReplicaState s) throws IOException {
        verify(s, s.plan.schedule().totalSteps() - 1);
    }

    private static void verify(ReplicaState s, int step) throws IOException {
        // Rows the optimizer updates lazily are as stale on every replica in step: no flush needed.
        long[] all = s.ring.allGather(checksum(s.net));
        if (Arrays.stream(all).distinct().count() != 1) {
            throw new IllegalStateException("replica weights diverged after step " + step + ": checksums "
                    + Arrays.toString(all));
        }
    }

    /** A checksum of every weight's bits (CRC32C over the tensors' memory, in parameter order). */
    static long checksum(BertNetwork net) {
        CRC32C crc = new CRC32C();
        for (Parameter p : net.namedParameters().values()) {
            crc.update(p.getArray().toByteBuffer(true));
        }
        return crc.getValue();
    }
}
