package dev.sparkbert.training.distributed;

import java.util.List;

/** Rank 0 reports ({@link ReplicaState#report}) a line every {@code loggingSteps} and after the last step: step, epoch, loss, learning rate, samples/s, ETA. */
final class ProgressLog implements TrainingListener {

    @Override
    public void onStepEnd(ReplicaState s, StepRecord last) {
        int period = s.plan.validation().loggingSteps();
        if (s.rank != 0 || period <= 0 || !(ReplicaState.every(period, last.step() + 1) || s.isLast(last))) {
            return;
        }
        List<StepRecord> recent = s.steps.subList(Math.max(0, s.steps.size() - period), s.steps.size());
        double seconds = 0;
        double loss = 0;
        long samples = 0;
        for (StepRecord r : recent) {
            seconds += r.seconds();
            loss += r.loss();
            samples += r.examples();
        }
        int total = s.plan.schedule().totalSteps();
        double epoch = (double) (last.step() + 1) * s.plan.batching().globalBatchSize() / s.plan.batching().numExamples();
        s.report(String.format("step %d/%d epoch %.2f loss %.4f lr %.3e samples/s %.1f ETA %.0fs", last.step() + 1, total,
                epoch, loss / recent.size(), last.learningRate(), samples / seconds,
                seconds / recent.size() * (total - last.step() - 1)));
    }
}
