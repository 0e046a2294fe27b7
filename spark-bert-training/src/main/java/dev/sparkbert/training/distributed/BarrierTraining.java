package dev.sparkbert.training.distributed;

import dev.sparkbert.core.util.Engines;
import dev.sparkbert.training.comm.MessageChannel;
import dev.sparkbert.training.comm.RingAllReduce;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The driver side of distributed training: sends each example to a worker ({@link
 * TrainingPlan#deal}: each step's examples by length, so replicas finish their share together),
 * runs one barrier stage of {@code numWorkers} tasks (each a {@link
 * ReplicaTrainer} joined to the others by a {@link RingAllReduce}), and collects the history.
 *
 * <p>The stage ends in a shuffle, so Spark may retry it as a whole when a task fails (a barrier
 * result stage would not be retried).
 */
public final class BarrierTraining {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");

    private BarrierTraining() {}

    /**
     * Trains according to {@code plan} on the given examples (their {@code index} is the training
     * order; indices from {@code plan.batching().numExamples()} on are validation examples). Each
     * epoch after the first visits the training examples in another seeded order ({@link EpochOrder}).
     */
    public static TrainingHistory run(JavaRDD<Example> examples, TrainingPlan plan) {
        int slots = examples.context().defaultParallelism();
        if (plan.batching().numWorkers() > slots) {
            throw new IllegalArgumentException("numWorkers (" + plan.batching().numWorkers() + ") is larger than the task slots"
                    + " available (" + slots + "); a barrier stage needs all its tasks running at once");
        }
        long trainingSlots = plan.trainingSlots();
        JavaRDD<Example> slotted = examples.flatMap(e -> inSlots(e, plan).iterator());
        JavaPairRDD<Long, Integer> dealt = slotted.filter(e -> e.index() < trainingSlots)
                .mapToPair(e -> new Tuple2<>(plan.stepOf(e.index()), new long[] {e.index(), e.inputIds().length}))
                .groupByKey()
                .flatMapToPair(step -> plan.deal(step._2()).entrySet().stream()
                        .map(w -> new Tuple2<>(w.getKey(), w.getValue())).iterator());
        JavaRDD<Example> placed = slotted.mapToPair(e -> new Tuple2<>(e.index(), e))
                .leftOuterJoin(dealt)
                .mapToPair(t -> new Tuple2<>(t._2()._2().isPresent() ? t._2()._2().get()
                        : plan.validationWorkerOf(t._1()), t._2()._1()))
                .partitionBy(new HashPartitioner(plan.batching().numWorkers()))
                .values();
        ClassTag<TrainingHistory> tag = ClassTag$.MODULE$.apply(TrainingHistory.class);
        RDD<TrainingHistory> trained = placed.rdd().barrier().mapPartitions(new ReplicaTask(plan), false, tag);
        org.apache.spark.SparkContext sc = examples.context();
        String description = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription(String.format("spark-bert: %s, %d steps on %d replicas", plan.objective().name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' '), plan.schedule().totalSteps(),
                plan.batching().numWorkers()));
        try {
            // End in a shuffle: the barrier stage becomes a retryable shuffle-map stage.
            return new JavaRDD<>(trained, tag).repartition(1).collect().get(0);
        } finally {
            sc.setJobDescription(description);
        }
    }

    /**
     * A training example once per epoch the schedule reaches, indexed by its slot in that epoch's
     * order ({@link TrainingPlan#slotOf}); a validation example once, after all training slots.
     */
    private static List<Example> inSlots(Example e, TrainingPlan plan) {
        long n = plan.batching().numExamples();
        if (e.index() >= n) {
            return List.of(e.withIndex(plan.trainingSlots() + e.index() - n));
        }
        List<Example> copies = new ArrayList<>();
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            long slot = plan.slotOf(e.index(), epoch);
            if (plan.stepOf(slot) < plan.schedule().totalSteps()) {
                copies.add(e.withIndex(slot));
            }
        }
        return copies;
    }

    /** Rank 0's progress channel to the driver; null (progress stays in the executor's log) when out of reach. */
    private static MessageChannel toDriver(TrainingPlan plan) {
        String address = plan.connection().progressAddress();
        if (address == null) {
            return null;
        }
        try {
            return MessageChannel.toDriver(address, plan.connection().security(), 10_000);
        } catch (IOException e) {
            LOG.warn("progress stays in this executor's log: " + e.getMessage());
            return null;
        }
    }

    /** The body of each barrier task. */
    private static final class ReplicaTask extends AbstractFunction1<scala.collection.Iterator<Example>,
            scala.collection.Iterator<TrainingHistory>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TrainingPlan plan;

        ReplicaTask(TrainingPlan plan) {
            this.plan = plan;
        }

        @Override
        public scala.collection.Iterator<TrainingHistory> apply(scala.collection.Iterator<Example> it) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            int rank = ctx.partitionId();
            List<Example> mine = new ArrayList<>();
            it.foreach(new AbstractFunction1<Example, Object>() {
                @Override
                public Object apply(Example e) {
                    mine.add(e);
                    return null;
                }
            });
            int threads = Engines.intraOpThreadsOnThisThread(ctx.cpus());
            LOG.info(String.format("replica %d of %d: %d PyTorch intra-op thread%s (spark.task.cpus=%d%s)", rank,
                    plan.batching().numWorkers(), threads, threads == 1 ? "" : "s", ctx.cpus(),
                    System.getProperty("ai.djl.pytorch.num_threads") != null ? ", forced by -Dai.djl.pytorch.num_threads"
                            : ""));
            BarrierTaskInfo[] infos = ctx.getTaskInfos();
            String host = infos[rank].address().split(":")[0];
            TrainingHistory history;
            try {
                ServerSocketChannel server = RingAllReduce.listen(host);
                String[] addresses = ctx.allGather(host + ":" + RingAllReduce.port(server));
                try (RingAllReduce ring = RingAllReduce.connect(rank, Arrays.asList(addresses), server,
                        plan.connection().security(), plan.connection().timeoutMillis());
                        MessageChannel driver = rank == 0 ? toDriver(plan) : null) {
                    if (rank == 0) {
                        LOG.info("all-reduce links: " + plan.connection().security());
                    }
                    // Every replica's thread count goes into the history.
                    List<Integer> threadsPerReplica = Arrays.stream(ring.allGather(threads)).mapToObj(t -> (int) t)
                            .toList();
                    history = new ReplicaTrainer(plan, rank, ring, message -> Arrays.asList(ctx.allGather(message)),
                            driver).train(mine).withReplicaThreads(threadsPerReplica);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("training replica " + rank + " failed", e);
            }
            List<TrainingHistory> out = new ArrayList<>();
            if (rank == 0) {
                out.add(history);
            }
            Iterator<TrainingHistory> javaIt = out.iterator();
            return JavaConverters.asScalaIterator(javaIt);
        }
    }
}
