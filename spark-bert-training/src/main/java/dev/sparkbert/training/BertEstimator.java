package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.optim.TrainingPasses;
import dev.sparkbert.core.precision.CompiledEncoder;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.exec.HadoopConf;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.param.DeclaredParams;
import dev.sparkbert.training.comm.MessageChannel;
import dev.sparkbert.training.comm.RingSecurity;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.data.MlmMasking;
import dev.sparkbert.training.data.RowChecks;
import dev.sparkbert.training.distributed.BarrierTraining;
import dev.sparkbert.training.distributed.EvalRecord;
import dev.sparkbert.training.distributed.Objective;
import dev.sparkbert.training.distributed.StepRecord;
import dev.sparkbert.training.distributed.TrainingHistory;
import dev.sparkbert.training.distributed.TrainingPlan;
import dev.sparkbert.training.param.TrainingParams;
import dev.sparkbert.training.report.SparkUiProgress;
import dev.sparkbert.training.report.TrainingProgress;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Base of the spark-bert estimators: the stage params shared with the inference models and the
 * training params named after HF {@code TrainingArguments}, with HF's defaults (see {@link
 * TrainingParams}), and the training run they all share.
 *
 * @param <M> the fitted model
 * @param <E> the concrete estimator
 */
public abstract class BertEstimator<M extends BertStageModel<M>, E extends BertEstimator<M, E>> extends Estimator<M>
        implements TrainingParams<E>, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final DeclaredParams declaredParams = new DeclaredParams();
    private transient TrainingHistory lastHistory = TrainingHistory.empty();
    private transient Dataset<?> validationData;

    protected BertEstimator(String uid) {
        this.uid = uid;
        DeclaredParams.initialize(this, declaredParams);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public DeclaredParams declaredParams() {
        return declaredParams;
    }

    /**
     * Validation rows (same columns as the training data) to evaluate on every {@code evalSteps} and
     * after the last step, instead of a {@code validationFraction} of the training data. Not a
     * param: like the training DataFrame it is not saved with the estimator.
     */
    public E setValidationData(Dataset<?> rows) {
        validationData = rows;
        return self();
    }

    /** The per-step history of the last {@code fit} (loss, learning rate, gradient norm, timings). */
    public List<StepRecord> lastHistory() {
        return lastHistory.steps();
    }

    /** Everything the last {@code fit} reported: per-step records and validation results. */
    public TrainingHistory lastTrainingHistory() {
        return lastHistory;
    }

    /** The validation results of the last {@code fit} (empty without validation data). */
    public List<EvalRecord> lastEvaluations() {
        return lastHistory.evals();
    }

    /**
     * Adds to {@code checks} the rules every row of this estimator's data must meet beyond non-null
     * inputs (labels in range, answers where their offsets say), over the columns {@code fit}
     * selects, named as {@code schema} names them: fit checks its training rows with them and
     * {@link #train} the validation rows. None by default.
     */
    protected RowChecks rowRules(RowChecks checks, StructType schema) {
        return checks;
    }

    /**
     * Turns one input row into training examples on an executor: none, one, or several (QA
     * windows, pretraining segments). The examples' {@code index} is assigned afterwards.
     */
    protected interface ExampleEncoder extends Serializable {
        void encode(Row row, BertTokenizer tokenizer, List<Example> out) throws IOException;
    }

    /**
     * The training run every estimator shares: shuffles the rows with {@code seed} (by content
     * hash, so the order does not depend on partitioning), encodes them into examples on the
     * executors, numbers the examples in that order, trains {@code config} from {@code
     * modelLocation} with {@code objective} in one barrier stage, and writes the checkpoint and
     * its training history.
     *
     * @param data only the columns the examples are made of, with nulls already refused
     * @param tokenizerStride stride of overflowing windows (QA), or 0 for none
     * @return the folder (Hadoop path) holding the trained HF checkpoint
     */
    protected final String train(Dataset<Row> data, Objective objective, BertConfig config, int tokenizerStride,
            ExampleEncoder encoder) {
        return train(getModelLocation(), data, objective, config, tokenizerStride, encoder, null);
    }

    /**
     * As {@link #train(Dataset, Objective, BertConfig, int, ExampleEncoder)}, from the checkpoint at
     * {@code location}; {@code masking}, when not null, masks the (unmasked) masked-LM examples anew
     * every epoch on the replicas.
     */
    protected final String train(String location, Dataset<Row> data, Objective objective, BertConfig config,
            int tokenizerStride, ExampleEncoder encoder, MlmMasking masking) {
        if (getCheckpointSteps() > 0 && getCheckpointDir().isEmpty()) {
            throw new IllegalArgumentException("checkpointSteps (" + getCheckpointSteps() + ") needs a checkpointDir");
        }
        if (getCheckpointDir().isEmpty()) {
            requireDriverMachine(java.util.Arrays.stream(data.sparkSession().sparkContext().statusTracker()
                    .getExecutorInfos()).map(org.apache.spark.SparkExecutorInfo::host).toList());
        }
        HadoopConf hadoop = HadoopConf.ship(data.sparkSession());
        JavaRDD<Example> encoded = encode(location, data, config, tokenizerStride, encoder, hadoop);
        JavaRDD<Example> encodedEval = validationData == null ? null
                : encode(location, sameColumns(validationData, data), config, tokenizerStride, encoder, hadoop);
        try {
            long[] starts = partitionStarts(encoded);
            long all = starts[starts.length - 1];
            if (all == 0) {
                throw new IllegalArgumentException(data.isEmpty() ? "the training data is empty"
                        : "no training examples could be made from " + data.count() + " rows");
            }
            double fraction = getValidationFraction();
            long[] evalStarts = encodedEval != null ? partitionStarts(encodedEval) : null;
            long nEval = encodedEval != null ? evalStarts[evalStarts.length - 1] : Math.round(all * fraction);
            long n = encodedEval != null ? all : all - nEval;
            if (n <= 0 || fraction > 0 && encodedEval == null && nEval == 0) {
                throw new IllegalArgumentException("validationFraction " + fraction + " of " + all
                        + " examples leaves no training or no validation examples");
            }
            JavaRDD<Example> examples;
            if (encodedEval != null) {
                // Validation examples follow the training examples: indices n, n+1, ...
                examples = numbered(encoded, starts, 0).union(numbered(encodedEval, evalStarts, n));
            } else {
                // The first nEval examples of the shuffled order are held out.
                examples = numbered(encoded, starts, 0)
                        .map(e -> e.withIndex(e.index() < nEval ? n + e.index() : e.index() - nEval));
            }
            String out = outputDir();
            RingSecurity security = RingSecurity.forJob(data.sparkSession().sparkContext().getConf());
            Consumer<String> report = TrainingProgress.forFit(this);
            try (SparkUiProgress ui = new SparkUiProgress(data.sparkSession().sparkContext());
                    MessageChannel.Receiver progress = MessageChannel.Receiver.start(driverHost(data), security, line -> {
                        report.accept(line);
                        ui.accept(line);
                    })) {
                TrainingPlan plan = plan(objective, config, location, n, nEval, out, hadoop,
                        new TrainingPlan.Connection(security, 120_000, hadoop, progress.address()), masking);
                lastHistory = BarrierTraining.run(examples, plan);
            }
            requireTrainedCheckpoint(out, getCheckpointDir(), hadoop.get());
            lastHistory.write(out, hadoop.get());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            encoded.unpersist(false);
            if (encodedEval != null) {
                encodedEval.unpersist(false);
            }
        }
    }

    /**
     * The position of each partition's first example in {@code examples}' order, then their total
     * (one Spark job; {@code zipWithIndex} would count them in another).
     */
    private static long[] partitionStarts(JavaRDD<Example> examples) {
        List<long[]> sizes = examples.mapPartitionsWithIndex((p, it) -> {
            long size = 0;
            for (; it.hasNext(); it.next()) {
                size++;
            }
            return List.of(new long[] {p, size}).iterator();
        }, true).collect();
        long[] starts = new long[examples.getNumPartitions() + 1];
        for (long[] s : sizes) {
            starts[(int) s[0] + 1] = s[1];
        }
        for (int p = 0; p < starts.length - 1; p++) {
            starts[p + 1] += starts[p];
        }
        return starts;
    }

    /** {@code examples} with indices {@code first}, {@code first + 1}, ... in their order. */
    private static JavaRDD<Example> numbered(JavaRDD<Example> examples, long[] starts, long first) {
        return examples.mapPartitionsWithIndex((p, it) -> new Iterator<Example>() {
            private long next = first + starts[p];

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Example next() {
                return it.next().withIndex(next++);
            }
        }, true);
    }

    /** Where executors reach the driver: {@code spark.driver.host}, as Spark's own RPC does. */
    private static String driverHost(Dataset<Row> data) {
        return data.sparkSession().sparkContext().getConf().get("spark.driver.host", "127.0.0.1");
    }

    /** The plan of a run over {@code n} training and {@code nEval} validation examples, from the params. */
    private TrainingPlan plan(Objective objective, BertConfig config, String location, long n, long nEval, String out,
            HadoopConf hadoop, TrainingPlan.Connection connection, MlmMasking masking) throws IOException {
        String unsupported = CompiledEncoder.unsupported(config);
        if (!Precision.FP32.id().equals(getTrainingPrecision()) && unsupported != null) {
            throw new IllegalArgumentException("trainingPrecision " + getTrainingPrecision() + " does not support "
                    + objective.architecture() + " with " + unsupported + "; use trainingPrecision fp32");
        }
        int global = getPerWorkerBatchSize() * getNumWorkers() * getGradientAccumulationSteps();
        TrainingPlan.Batching batching = new TrainingPlan.Batching(getNumWorkers(), global,
                getGradientAccumulationSteps(), n,
                TrainingPasses.overheadTokens(config, Precision.of(getTrainingPrecision())));
        int steps = getMaxSteps() > 0 ? getMaxSteps() : (int) Math.ceil(getNumTrainEpochs() * batching.stepsPerEpoch());
        long padId;
        try (BertTokenizer tok = BertTokenizer.builder(ModelLocation.localCopy(location, hadoop.get())).build()) {
            padId = tok.tokenToId("[PAD]");
        }
        return new TrainingPlan(objective,
                new TrainingPlan.Start(config.toJson(), location, getSeed(), padId),
                batching,
                new TrainingPlan.Optimizer(getLearningRate(), getWeightDecay(), AdamW.DEFAULT_NO_DECAY, getAdamBeta1(),
                        getAdamBeta2(), getAdamEpsilon(), getMaxGradNorm(), getTrainingPrecision()),
                new TrainingPlan.Schedule(getLrSchedulerType(), steps,
                        LrSchedule.warmupSteps(getWarmupSteps(), getWarmupRatio(), steps)),
                new TrainingPlan.Checkpointing(out, getCheckpointDir().isEmpty() ? null : getCheckpointDir(),
                        getCheckpointSteps()),
                new TrainingPlan.Validation(nEval, getEvalSteps(), getLoggingSteps(), Math.max(1, steps / 4)),
                connection, masking);
    }

    /**
     * Shuffles rows with {@code seed} (by content hash, so the order does not depend on
     * partitioning) and encodes them into (unplaced) examples on the executors; cached.
     */
    private JavaRDD<Example> encode(String location, Dataset<Row> data, BertConfig config, int tokenizerStride,
            ExampleEncoder encoder, HadoopConf hadoop) {
        int maxLen = effectiveMaxLength(config);
        Truncation trunc = Truncation.parse(getTruncation());
        Column[] all = java.util.Arrays.stream(data.columns()).map(data::col).toArray(Column[]::new);
        JavaRDD<Row> shuffled = data.withColumn("__order", functions.xxhash64(functions.lit(getSeed()),
                functions.to_json(functions.struct(all)))).orderBy(functions.col("__order"),
                functions.to_json(functions.struct(all))).drop("__order").toJavaRDD();
        return shuffled.mapPartitions(rows -> {
            List<Example> out = new ArrayList<>();
            BertTokenizer.Builder b = BertTokenizer.builder(ModelLocation.localCopy(location, hadoop.get()))
                    .optMaxLength(maxLen).optTruncation(trunc);
            if (tokenizerStride > 0) {
                b.optStride(tokenizerStride);
            }
            try (BertTokenizer tok = b.build()) {
                while (rows.hasNext()) {
                    encoder.encode(rows.next(), tok, out);
                }
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * The validation rows in the training data's shape: its columns, cast to the training types
     * (with the training columns' metadata, such as a label column's class names);
     * a column the validation data lacks (an unused optional input) is null. Null inputs and rows
     * breaking {@link #rowRules} are refused.
     */
    private Dataset<Row> sameColumns(Dataset<?> validation, Dataset<Row> train) {
        List<String> have = java.util.Arrays.asList(validation.columns());
        List<Column> cols = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : train.schema().fields()) {
            if (have.contains(f.name())) {
                cols.add(functions.col(f.name()).cast(f.dataType()).as(f.name(), f.metadata()));
                required.add(f.name());
            } else {
                cols.add(functions.lit(null).cast(f.dataType()).as(f.name()));
            }
        }
        Dataset<Row> out = validation.toDF().select(cols.toArray(new Column[0]));
        rowRules(RowChecks.on(out, "validation").notNull(required.toArray(new String[0])), out.schema()).check();
        return out;
    }

    /** The config of the starting model (read on the driver). */
    protected final BertConfig startingConfig(Dataset<?> data) {
        return ModelLocation.readConfig(getModelLocation(), data.sparkSession().sparkContext().hadoopConfiguration());
    }

    /** {@code maxLength}, capped by the model's position embeddings. */
    protected final int effectiveMaxLength(BertConfig config) {
        return Math.min(getMaxLength(), config.getMaxPositionEmbeddings());
    }

    /** What checkpointDir must be on a cluster, as the errors below say it. */
    private static final String SHARED_STORAGE = "storage the driver and every executor share (HDFS, S3, DBFS)";

    /**
     * Fails before training when an executor runs on another machine than the driver (its host
     * resolves to none of this machine's addresses): without a checkpointDir the replicas read and
     * write folders of the driver's machine. A host that does not resolve is left to {@link
     * #requireTrainedCheckpoint}.
     */
    static void requireDriverMachine(List<String> executorHosts) {
        List<String> elsewhere = new ArrayList<>();
        for (String host : new java.util.TreeSet<>(executorHosts)) {
            try {
                java.net.InetAddress address = java.net.InetAddress.getByName(host);
                if (!address.isLoopbackAddress() && !address.isAnyLocalAddress()
                        && java.net.NetworkInterface.getByInetAddress(address) == null) {
                    elsewhere.add(host);
                }
            } catch (IOException e) {
                // Unknown here: the check after training still names checkpointDir.
            }
        }
        if (!elsewhere.isEmpty()) {
            throw new IllegalArgumentException("checkpointDir is not set, so the replicas would read and write"
                    + " folders of the driver's machine, but executors run on " + String.join(", ", elsewhere)
                    + ": set checkpointDir to " + SHARED_STORAGE);
        }
    }

    /**
     * Fails, naming {@code checkpointDir}, when the driver cannot read the trained checkpoint at
     * {@code out}: replica 0 writes it from its executor, so a folder only that machine has (a
     * driver temporary folder when no checkpointDir is set) is lost to a driver elsewhere.
     */
    static void requireTrainedCheckpoint(String out, String checkpointDir, org.apache.hadoop.conf.Configuration hadoop)
            throws IOException {
        org.apache.hadoop.fs.Path config = new org.apache.hadoop.fs.Path(out, "config.json");
        if (!config.getFileSystem(hadoop).exists(config)) {
            throw new IllegalStateException("replica 0 wrote the trained model to " + out + " on its executor's"
                    + " machine, and this driver cannot read it: "
                    + (checkpointDir.isEmpty() ? "without a checkpointDir that is a local folder of that machine; set"
                            + " checkpointDir to " + SHARED_STORAGE
                            : "checkpointDir '" + checkpointDir + "' must be " + SHARED_STORAGE));
        }
    }

    private String outputDir() {
        if (!getCheckpointDir().isEmpty()) {
            return new org.apache.hadoop.fs.Path(getCheckpointDir(), "final-" + uid + "-" + System.currentTimeMillis())
                    .toString();
        }
        try {
            // Only this driver's model names the folder; a saved model is a copy.
            Path dir = Files.createTempDirectory("spark-bert-fit");
            LocalFolders.deleteAtExit(dir);
            return dir.resolve("model").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fitted model, MLlib style: this estimator's uid and the params it shares with the model
     * (columns, batching, {@code handleInvalid}...), over the trained checkpoint, with {@code
     * maxLength} capped as training capped it.
     *
     * @param notShared model params that only share a name with one of this estimator's (an input
     *     here, an output there): they keep the model's own default
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected final M fitted(M model, String checkpoint, BertConfig config, Param<?>... notShared) {
        Map<Param<?>, Object> own = new LinkedHashMap<>();
        for (Param<?> p : notShared) {
            own.put(p, model.getDefault(p).get());
        }
        copyValues(model, ParamMap.empty());
        for (Map.Entry<Param<?>, Object> e : own.entrySet()) {
            model.clear(e.getKey());
            model.setDefault((Param) e.getKey(), e.getValue());
        }
        model.setModelLocation(checkpoint).setMaxLength(effectiveMaxLength(config)).config();
        return model.setParent(this);
    }
}
