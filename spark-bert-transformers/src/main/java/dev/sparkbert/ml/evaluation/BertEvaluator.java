package dev.sparkbert.ml.evaluation;

import dev.sparkbert.ml.param.BertParams;
import dev.sparkbert.ml.param.DeclaredParams;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * Base of spark-bert's evaluators: Spark ML {@code Evaluator}s of a task's standard metric, for
 * {@code CrossValidator} and {@code TrainValidationSplit} over our estimators and for scoring a
 * model's output. Every metric is larger-is-better. Saved and loaded as MLlib's own evaluators.
 *
 * @param <E> the concrete evaluator
 */
public abstract class BertEvaluator<E extends BertEvaluator<E>> extends Evaluator
        implements BertParams<E>, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final DeclaredParams declaredParams = new DeclaredParams();

    protected BertEvaluator(String uid) {
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

    /** Which metric {@code evaluate} returns. */
    public abstract Param<String> metricName();

    public String getMetricName() {
        return getOrDefault(metricName());
    }

    public E setMetricName(String value) {
        return with(metricName(), value);
    }

    @Override
    public boolean isLargerBetter() {
        return true;
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** How an error names a row: its number in its partition, as the stages name rows. */
    static String row(long number, int partition) {
        return " (row " + number + " of partition " + partition + ")";
    }
}
