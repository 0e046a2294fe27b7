package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.SharedParams;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.distributed.BarrierTraining;
import dev.sparkbert.training.distributed.EvalRecord;
import dev.sparkbert.training.distributed.Objective;
import dev.sparkbert.training.distributed.StepRecord;
import dev.sparkbert.training.distributed.TrainingHistory;
import dev.sparkbert.training.distributed.TrainingPlan;
import dev.sparkbert.training.param.TrainingParams;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Base of the spark-bert estimators: the stage params shared with the inference models and the
 * training params named after HF {@code TrainingArguments}, with HF's defaults.
 *
 * @param <M> the fitted model
 * @param <E> the concrete estimator
 */
public abstract class BertEstimator<M extends Model<M>, E extends BertEstimator<M, E>> extends Estimator<M>
        implements BertStageParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelLocation;
    private final IntParam batchSize;
    private final IntParam maxLength;
    private final Param<String> truncation;
    private final Param<String> handleInvalid;
    private final DoubleParam learningRate;
    private final DoubleParam weightDecay;
    private final DoubleParam adamBeta1;
    private final DoubleParam adamBeta2;
    private final DoubleParam adamEpsilon;
    private final DoubleParam maxGradNorm;
    private final DoubleParam numTrainEpochs;
    private final IntParam maxSteps;
    private final Param<String> lrSchedulerType;
    private final IntParam warmupSteps;
    private final DoubleParam warmupRatio;
    private final IntParam perWorkerBatchSize;
    private final IntParam gradientAccumulationSteps;
    private final LongParam seed;
    private final IntParam numWorkers;
    private final Param<String> checkpointDir;
    private final IntParam checkpointSteps;
    private final IntParam loggingSteps;
    private final DoubleParam validationFraction;
    private final IntParam evalSteps;
    private transient TrainingHistory lastHistory = TrainingHistory.empty();
    private transient Dataset<?> validationData;

    protected BertEstimator(String uid) {
        this.uid = uid;
        modelLocation = SharedParams.modelLocation(this);
        batchSize = SharedParams.batchSize(this);
        maxLength = SharedParams.maxLength(this);
        truncation = SharedParams.truncation(this);
        handleInvalid = SharedParams.handleInvalid(this);
        learningRate = TrainingParams.learningRate(this);
        weightDecay = TrainingParams.weightDecay(this);
        adamBeta1 = TrainingParams.adamBeta1(this);
        adamBeta2 = TrainingParams.adamBeta2(this);
        adamEpsilon = TrainingParams.adamEpsilon(this);
        maxGradNorm = TrainingParams.maxGradNorm(this);
        numTrainEpochs = TrainingParams.numTrainEpochs(this);
        maxSteps = TrainingParams.maxSteps(this);
        lrSchedulerType = TrainingParams.lrSchedulerType(this);
        warmupSteps = TrainingParams.warmupSteps(this);
        warmupRatio = TrainingParams.warmupRatio(this);
        perWorkerBatchSize = TrainingParams.perWorkerBatchSize(this);
        gradientAccumulationSteps = TrainingParams.gradientAccumulationSteps(this);
        seed = TrainingParams.seed(this);
        numWorkers = TrainingParams.numWorkers(this);
        checkpointDir = TrainingParams.checkpointDir(this);
        checkpointSteps = TrainingParams.checkpointSteps(this);
        loggingSteps = TrainingParams.loggingSteps(this);
        validationFraction = TrainingParams.validationFraction(this);
        evalSteps = TrainingParams.evalSteps(this);
        SharedParams.setStageDefaults(this);
        setDefault(learningRate, 5e-5);
        setDefault(weightDecay, 0.0);
        setDefault(adamBeta1, 0.9);
        setDefault(adamBeta2, 0.999);
        setDefault(adamEpsilon, 1e-8);
        setDefault(maxGradNorm, 1.0);
        setDefault(numTrainEpochs, 3.0);
        setDefault(maxSteps, -1);
        setDefault(lrSchedulerType, "linear");
        setDefault(warmupSteps, 0);
        setDefault(warmupRatio, 0.0);
        setDefault(perWorkerBatchSize, 8);
        setDefault(gradientAccumulationSteps, 1);
        setDefault(seed, 42L);
        setDefault(numWorkers, 1);
        setDefault(checkpointDir, "");
        setDefault(checkpointSteps, 0);
        setDefault(loggingSteps, 10);
        setDefault(validationFraction, 0.0);
        setDefault(evalSteps, 0);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelLocation() { return modelLocation; }
    public IntParam batchSize() { return batchSize; }
    public IntParam maxLength() { return maxLength; }
    public Param<String> truncation() { return truncation; }
    public Param<String> handleInvalid() { return handleInvalid; }
    public DoubleParam learningRate() { return learningRate; }
    public DoubleParam weightDecay() { return weightDecay; }
    public DoubleParam adamBeta1() { return adamBeta1; }
    public DoubleParam adamBeta2() { return adamBeta2; }
    public DoubleParam adamEpsilon() { return adamEpsilon; }
    public DoubleParam maxGradNorm() { return maxGradNorm; }
    public DoubleParam numTrainEpochs() { return numTrainEpochs; }
    public IntParam maxSteps() { return maxSteps; }
    public Param<String> lrSchedulerType() { return lrSchedulerType; }
    public IntParam warmupSteps() { return warmupSteps; }
    public DoubleParam warmupRatio() { return warmupRatio; }
    public IntParam perWorkerBatchSize() { return perWorkerBatchSize; }
    public IntParam gradientAccumulationSteps() { return gradientAccumulationSteps; }
    public LongParam seed() { return seed; }
    public IntParam numWorkers() { return numWorkers; }
    public Param<String> checkpointDir() { return checkpointDir; }
    public IntParam checkpointSteps() { return checkpointSteps; }
    public IntParam loggingSteps() { return loggingSteps; }
    public DoubleParam validationFraction() { return validationFraction; }
    public IntParam evalSteps() { return evalSteps; }

    public E setModelLocation(String v) { set(modelLocation, v); return self(); }
    public E setMaxLength(int v) { set(maxLength, v); return self(); }
    public E setBatchSize(int v) { set(batchSize, v); return self(); }
    public E setTruncation(String v) { set(truncation, v); return self(); }
    public E setHandleInvalid(String v) { set(handleInvalid, v); return self(); }
    public E setLearningRate(double v) { set(learningRate, v); return self(); }
    public E setWeightDecay(double v) { set(weightDecay, v); return self(); }
    public E setAdamBeta1(double v) { set(adamBeta1, v); return self(); }
    public E setAdamBeta2(double v) { set(adamBeta2, v); return self(); }
    public E setAdamEpsilon(double v) { set(adamEpsilon, v); return self(); }
    public E setMaxGradNorm(double v) { set(maxGradNorm, v); return self(); }
    public E setNumTrainEpochs(double v) { set(numTrainEpochs, v); return self(); }
    public E setMaxSteps(int v) { set(maxSteps, v); return self(); }
    public E setLrSchedulerType(String v) { set(lrSchedulerType, v); return self(); }
    public E setWarmupSteps(int v) { set(warmupSteps, v); return self(); }
    public E setWarmupRatio(double v) { set(warmupRatio, v); return self(); }
    public E setPerWorkerBatchSize(int v) { set(perWorkerBatchSize, v); return self(); }
    public E setGradientAccumulationSteps(int v) { set(gradientAccumulationSteps, v); return self(); }
    public E setSeed(long v) { set(seed, v); return self(); }
    public E setNumWorkers(int v) { set(numWorkers, v); return self(); }
    public E setCheckpointDir(String v) { set(checkpointDir, v); return self(); }
    public E setCheckpointSteps(int v) { set(checkpointSteps, v); return self(); }
    public E setLoggingSteps(int v) { set(loggingSteps, v); return self(); }
    public E setValidationFraction(double v) { set(validationFraction, v); return self(); }
    public E setEvalSteps(int v) { set(evalSteps, v); return self(); }

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
        return train(getOrDefault(modelLocation), data, objective, config, tokenizerStride, encoder);
    }

    /** As {@link #train(Dataset, Objective, BertConfig, int, ExampleEncoder)}, from the checkpoint at {@code location}. */
    protected final String train(String location, Dataset<Row> data, Objective objective, BertConfig config,
            int tokenizerStride, ExampleEncoder encoder) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("the training data is empty");
        }
        JavaRDD<Example> encoded = encode(location, data, config, tokenizerStride, encoder);
        JavaRDD<Example> encodedEval = validationData == null ? null
                : encode(location, sameColumns(validationData, data), config, tokenizerStride, encoder);
        try {
            long all = encoded.count();
            if (all == 0) {
                throw new IllegalArgumentException("no training examples could be made from " + data.count() + " rows");
            }
            double fraction = doubleOf(validationFraction);
            long nEval = encodedEval != null ? encodedEval.count() : Math.round(all * fraction);
            long n = encodedEval != null ? all : all - nEval;
            if (n <= 0 || fraction > 0 && encodedEval == null && nEval == 0) {
                throw new IllegalArgumentException("validationFraction " + fraction + " of " + all
                        + " examples leaves no training or no validation examples");
            }
            JavaRDD<Example> examples;
            if (encodedEval != null) {
                // Validation examples follow the training examples: indices n, n+1, ...
                examples = encoded.zipWithIndex().map(t -> t._1().withIndex(t._2()))
                        .union(encodedEval.zipWithIndex().map(t -> t._1().withIndex(n + t._2())));
            } else {
                // The first nEval examples of the shuffled order are held out.
                examples = encoded.zipWithIndex().map(t -> t._1().withIndex(t._2() < nEval ? n + t._2() : t._2() - nEval));
            }
            int workers = intOf(numWorkers);
            int global = intOf(perWorkerBatchSize) * workers * intOf(gradientAccumulationSteps);
            int stepsPerEpoch = (int) ((n + global - 1) / global);
            int steps = intOf(maxSteps) > 0 ? intOf(maxSteps) : (int) Math.ceil(doubleOf(numTrainEpochs) * stepsPerEpoch);
            int warmup = LrSchedule.warmupSteps(intOf(warmupSteps), doubleOf(warmupRatio), steps);
            String out = outputDir();
            long padId;
            try (BertTokenizer tok = BertTokenizer.builder(ModelLocation.localCopy(location, new Configuration())).build()) {
                padId = tok.tokenToId("[PAD]");
            }
            TrainingPlan plan = new TrainingPlan(objective, config.toJson(), location, workers, global,
                    intOf(gradientAccumulationSteps), steps, n, doubleOf(learningRate), getOrDefault(lrSchedulerType),
                    warmup, doubleOf(weightDecay), AdamW.DEFAULT_NO_DECAY, doubleOf(adamBeta1), doubleOf(adamBeta2),
                    doubleOf(adamEpsilon), doubleOf(maxGradNorm), longOf(seed), padId, UUID.randomUUID().toString(),
                    Math.max(1, steps / 4), 120_000, out, intOf(loggingSteps),
                    getOrDefault(checkpointDir).isEmpty() ? null : getOrDefault(checkpointDir), intOf(checkpointSteps),
                    nEval, intOf(evalSteps));
            if (plan.checkpointSteps() > 0 && plan.checkpointDir() == null) {
                throw new IllegalArgumentException("checkpointSteps (" + plan.checkpointSteps() + ") needs a checkpointDir");
            }
            lastHistory = BarrierTraining.run(examples, plan);
            lastHistory.write(out, data.sparkSession().sparkContext().hadoopConfiguration());
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
     * Shuffles rows with {@code seed} (by content hash, so the order does not depend on
     * partitioning) and encodes them into (unplaced) examples on the executors; cached.
     */
    private JavaRDD<Example> encode(String location, Dataset<Row> data, BertConfig config, int tokenizerStride,
            ExampleEncoder encoder) {
        int maxLen = effectiveMaxLength(config);
        dev.sparkbert.core.tokenize.Truncation trunc = dev.sparkbert.core.tokenize.Truncation.parse(getOrDefault(truncation));
        Column[] all = java.util.Arrays.stream(data.columns()).map(data::col).toArray(Column[]::new);
        JavaRDD<Row> shuffled = data.withColumn("__order", functions.xxhash64(functions.lit(longOf(seed)),
                functions.to_json(functions.struct(all)))).orderBy(functions.col("__order"),
                functions.to_json(functions.struct(all))).drop("__order").toJavaRDD();
        return shuffled.mapPartitions(rows -> {
            List<Example> out = new ArrayList<>();
            BertTokenizer.Builder b = BertTokenizer.builder(ModelLocation.localCopy(location, new Configuration()))
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
     * The validation rows in the training data's shape: its columns, cast to the training types;
     * a column the validation data lacks (an unused optional input) is null. Null inputs are refused.
     */
    private static Dataset<Row> sameColumns(Dataset<?> validation, Dataset<Row> train) {
        List<String> have = java.util.Arrays.asList(validation.columns());
        List<Column> cols = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : train.schema().fields()) {
            if (have.contains(f.name())) {
                cols.add(functions.col(f.name()).cast(f.dataType()).as(f.name()));
                required.add(f.name());
            } else {
                cols.add(functions.lit(null).cast(f.dataType()).as(f.name()));
            }
        }
        Dataset<Row> out = validation.toDF().select(cols.toArray(new Column[0]));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the validation data is empty");
        }
        requireUsableRows(out, required.toArray(new String[0]));
        return out;
    }

    /** The config of the starting model (read on the driver). */
    protected final BertConfig startingConfig(Dataset<?> data) {
        return ModelLocation.readConfig(getOrDefault(modelLocation), data.sparkSession().sparkContext().hadoopConfiguration());
    }

    /** {@code maxLength}, capped by the model's position embeddings. */
    protected final int effectiveMaxLength(BertConfig config) {
        return Math.min(intOf(maxLength), config.getMaxPositionEmbeddings());
    }

    /** Refuses empty data, and the first row where one of {@code columns} is null, naming the column and the row. */
    protected static void requireUsableRows(Dataset<Row> data, String... columns) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("the training data is empty");
        }
        for (String c : columns) {
            Dataset<Row> nulls = data.filter(functions.col(c).isNull());
            if (!nulls.isEmpty()) {
                throw new IllegalArgumentException(nulls.count() + " training rows have a null '" + c + "' (first: "
                        + nulls.first() + "); filter or fill them before fit");
            }
        }
    }

    private String outputDir() {
        if (!getOrDefault(checkpointDir).isEmpty()) {
            return new org.apache.hadoop.fs.Path(getOrDefault(checkpointDir), "final-" + uid + "-" + System.currentTimeMillis())
                    .toString();
        }
        try {
            return Files.createTempDirectory("spark-bert-fit").resolve("model").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    protected final E self() {
        return (E) this;
    }

    protected final int intOf(IntParam p) {
        return (Integer) getOrDefault(p);
    }

    protected final double doubleOf(DoubleParam p) {
        return (Double) getOrDefault(p);
    }

    protected final long longOf(LongParam p) {
        return (Long) getOrDefault(p);
    }
}
