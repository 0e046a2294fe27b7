package dev.sparkbert.training.distributed;

import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.training.comm.MessageChannel;
import dev.sparkbert.training.comm.RingAllReduce;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one replica holds while it trains, as its {@link TrainingListener}s see it: the plan, its
 * rank and links to the other replicas, the network, its optimizer loop and gradient exchange, its
 * share of the validation examples, and the history so far (the same on every replica).
 */
final class ReplicaState {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");

    final TrainingPlan plan;
    final int rank;
    final RingAllReduce ring;
    final ReplicaTrainer.Gather gather;
    final BertNetwork net;
    final LocalTrainer trainer;
    final GradientExchange exchange;
    final List<Example> evalSet;
    final List<StepRecord> steps = new ArrayList<>();
    final List<EvalRecord> evals = new ArrayList<>();
    /** Rank 0's channel to the driver's progress receiver; null elsewhere or when the driver is out of reach. */
    private MessageChannel driver;

    ReplicaState(TrainingPlan plan, int rank, RingAllReduce ring, ReplicaTrainer.Gather gather, BertNetwork net,
            LocalTrainer trainer, GradientExchange exchange, List<Example> evalSet, MessageChannel driver) {
        this.plan = plan;
        this.rank = rank;
        this.ring = ring;
        this.gather = gather;
        this.net = net;
        this.trainer = trainer;
        this.exchange = exchange;
        this.evalSet = evalSet;
        this.driver = driver;
    }

    /**
     * A progress line (rank 0): shown on the driver while it trains, which logs it at INFO. This
     * executor logs it at DEBUG when the driver took it (in local mode both logs are one) and at
     * INFO when the driver is out of reach. A driver that stops listening costs nothing but its lines.
     */
    void report(String line) {
        if (driver != null) {
            try {
                driver.send(line);
                LOG.debug(line);
                return;
            } catch (IOException e) {
                LOG.warn("the driver no longer receives progress (" + e.getMessage() + "); it stays in this log");
                driver = null;
            }
        }
        LOG.info(line);
    }

    /** The history so far. */
    TrainingHistory history() {
        return new TrainingHistory(steps, evals);
    }

    /** Whether {@code stepsDone} is a multiple of a period that is on (> 0). */
    static boolean every(int period, int stepsDone) {
        return period > 0 && stepsDone % period == 0;
    }

    boolean isLast(StepRecord r) {
        return r.step() + 1 == plan.schedule().totalSteps();
    }
}
