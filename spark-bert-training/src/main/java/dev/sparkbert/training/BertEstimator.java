package dev.sparkbert.training;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.SharedParams;
import dev.sparkbert.training.param.TrainingParams;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;

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
    private final IntParam loggingSteps;

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
        loggingSteps = TrainingParams.loggingSteps(this);
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
        setDefault(loggingSteps, 10);
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
    public IntParam loggingSteps() { return loggingSteps; }

    public E setModelLocation(String v) { set(modelLocation, v); return self(); }
    public E setMaxLength(int v) { set(maxLength, v); return self(); }
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
    public E setLoggingSteps(int v) { set(loggingSteps, v); return self(); }

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
