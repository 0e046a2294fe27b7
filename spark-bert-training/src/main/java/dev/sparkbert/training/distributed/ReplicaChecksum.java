package dev.sparkbert.training.distributed;

import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Fails the fit if any replica's weights differ from the others' (a checksum of every weight's
 * bits, compared through the barrier) every {@code checksumSteps} and after the last step.
 */
final class ReplicaChecksum implements TrainingListener {

    @Override
    public void onStepEnd(ReplicaState s, StepRecord step) {
        if (ReplicaState.every(s.plan.validation().checksumSteps(), step.step() + 1) && !s.isLast(step)) {
            verify(s, step.step());
        }
    }

    @Override
    public void onTrainEnd(ReplicaState s) {
        verify(s, s.plan.schedule().totalSteps() - 1);
    }

    private static void verify(ReplicaState s, int step) {
        s.trainer.getOptimizer().flush();
        long h = 1125899906842597L;
        for (Parameter p : s.net.namedParameters().values()) {
            for (float f : p.getArray().toFloatArray()) {
                h = 31 * h + Float.floatToIntBits(f);
            }
        }
        List<String> all = s.gather.allGather(Long.toHexString(h));
        if (all.stream().distinct().count() != 1) {
            throw new IllegalStateException("replica weights diverged after step " + step + ": checksums " + all);
        }
    }
}
