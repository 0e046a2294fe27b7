package dev.sparkbert.training.distributed;

import java.io.IOException;

/**
 * Rank 0 writes a resumable checkpoint every {@code checkpointSteps} (not after the last step,
 * which writes the trained model); no replica runs ahead of a checkpoint that may yet fail.
 */
final class CheckpointWriter implements TrainingListener {

    @Override
    public void onStepEnd(ReplicaState s, StepRecord step) throws IOException {
        int done = step.step() + 1;
        if (!ReplicaState.every(s.plan.checkpoints().steps(), done) || s.isLast(step)) {
            return;
        }
        s.exchange.gatherMoments(s.ring);
        if (s.rank == 0) {
            Checkpoints.save(s.plan, done, s.net, s.trainer.getOptimizer(), s.history(),
                    s.plan.connection().hadoop().get());
        }
        s.gather.allGather("checkpoint-" + done);
    }
}
