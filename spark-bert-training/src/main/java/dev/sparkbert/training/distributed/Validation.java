package dev.sparkbert.training.distributed;

import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.loss.LossTerm;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.util.List;

/**
 * Evaluates every {@code evalSteps} and after the last step: each replica runs its share of the
 * validation examples (no dropout, no gradients), the loss-term sums and counts and the right
 * predictions are all-reduced, so every replica gets the global validation loss and accuracy.
 */
final class Validation implements TrainingListener {

    @Override
    public void onStepEnd(ReplicaState s, StepRecord step) throws IOException {
        TrainingPlan.Validation v = s.plan.validation();
        if (v.numExamples() > 0 && (s.isLast(step) || ReplicaState.every(v.evalSteps(), step.step() + 1))) {
            EvalRecord e = evaluate(s, step.step() + 1);
            s.evals.add(e);
            if (s.rank == 0) {
                s.report(String.format("eval after step %d: loss %.4f accuracy %.4f (%d examples)", e.step(), e.loss(),
                        e.accuracy(), e.examples()));
            }
        }
    }

    private static EvalRecord evaluate(ReplicaState s, int stepsDone) throws IOException {
        s.trainer.getOptimizer().flush();
        Objective objective = s.plan.objective();
        int terms = ReplicaTrainer.MAX_LOSS_TERMS;
        // weight x sum per term, count per term, right predictions, predictions
        float[] sums = new float[2 * terms + 2];
        TrainingPlan.Batching b = s.plan.batching();
        int batch = Math.max(1, b.globalBatchSize() / b.numWorkers() / b.gradientAccumulationSteps());
        long padId = s.plan.start().padId();
        for (List<Example> part : ReplicaTrainer.passes(s.evalSet, batch, s.net, b.passOverheadTokens())) {
            s.trainer.evaluate(m -> objective.inputs(part, m, padId), out -> {
                add(sums, out, terms);
                long[] right = objective.correctAndTotal(out, part);
                sums[2 * terms] += right[0];
                sums[2 * terms + 1] += right[1];
                return null;
            });
        }
        s.ring.sumInPlace(sums);
        double loss = 0;
        for (int t = 0; t < terms; t++) {
            loss += sums[terms + t] > 0 ? sums[t] / sums[terms + t] : 0;
        }
        float total = sums[2 * terms + 1];
        return new EvalRecord(stepsDone, loss, total > 0 ? sums[2 * terms] / total : Double.NaN,
                s.plan.validation().numExamples());
    }

    private static void add(float[] sums, HeadOutput out, int terms) {
        List<LossTerm> lossTerms = out.lossTerms();
        for (int t = 0; t < lossTerms.size(); t++) {
            sums[t] += (float) (lossTerms.get(t).weight() * lossTerms.get(t).sum().getFloat());
            sums[terms + t] += lossTerms.get(t).count();
        }
    }
}
