package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.param.SchemaChecks;
import dev.sparkbert.ml.param.SharedParams;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Fine-tunes a whole BERT (encoder and head) for sequence classification on a DataFrame with
 * synchronized data parallelism across {@code numWorkers} Spark tasks, and returns a {@link
 * BertSequenceClassificationModel}.
 *
 * <p>The label column decides the problem: strings (mapped to {@code id2label} in sorted order) or
 * integers (class indices) give single-label classification; doubles give regression; arrays of
 * strings give multi-label classification. Training follows HF's Trainer: AdamW with its no-decay
 * groups, the chosen warm-up schedule, global-norm clipping, global batch = perWorkerBatchSize x
 * numWorkers x gradientAccumulationSteps. The data is shuffled once with {@code seed}; every epoch
 * walks that order.
 */
public class BertSequenceClassifier extends BertEstimator<BertSequenceClassificationModel, BertSequenceClassifier> {

    private static final long serialVersionUID = 1L;

    private final Param<String> textCol = SharedParams.column(this, "textCol", "text column");
    private final Param<String> textPairCol = SharedParams.column(this, "textPairCol", "optional second text column");
    private final Param<String> labelCol = SharedParams.column(this, "labelCol",
            "label column: string or integer (classes), double (regression) or array<string> (multi-label)");

    public BertSequenceClassifier() {
        this(Identifiable.randomUID("bertSeqClsTrainer"));
    }

    public BertSequenceClassifier(String uid) {
        super(uid);
        setDefault(textCol, "text");
        setDefault(textPairCol, "");
        setDefault(labelCol, "label");
    }

    public Param<String> textCol() { return textCol; }
    public Param<String> textPairCol() { return textPairCol; }
    public Param<String> labelCol() { return labelCol; }

    public BertSequenceClassifier setTextCol(String v) { set(textCol, v); return this; }
    public BertSequenceClassifier setTextPairCol(String v) { set(textPairCol, v); return this; }
    public BertSequenceClassifier setLabelCol(String v) { set(labelCol, v); return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    /**
     * Checks the input columns and returns the schema the fitted model produces on such data (its
     * default output columns), as Spark's estimators do, so a Pipeline can check later stages.
     */
    private StructType validateAndTransformSchema(StructType schema) {
        SchemaChecks.requireColumn(schema, "textCol", getOrDefault(textCol), DataTypes.StringType);
        if (!getOrDefault(textPairCol).isEmpty()) {
            SchemaChecks.requireColumn(schema, "textPairCol", getOrDefault(textPairCol), DataTypes.StringType);
        }
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(getOrDefault(labelCol))) {
            throw new IllegalArgumentException("labelCol: column '" + getOrDefault(labelCol) + "' does not exist");
        }
        Objective objective = objective(schema.apply(getOrDefault(labelCol)).dataType());
        StructType out = schema;
        if (objective != Objective.MULTI_LABEL) {
            out = SchemaChecks.addOutput(out, "predictionCol", "prediction", DataTypes.DoubleType);
        }
        if (objective != Objective.REGRESSION) {
            out = SchemaChecks.addOutput(out, "probabilityCol", "probability", SQLDataTypes.VectorType());
            out = SchemaChecks.addOutput(out, "rawPredictionCol", "rawPrediction", SQLDataTypes.VectorType());
        }
        if (objective == Objective.MULTI_LABEL) {
            out = SchemaChecks.addOutput(out, "predictedLabelsCol", "predictedLabels",
                    DataTypes.createArrayType(DataTypes.StringType));
        }
        return out;
    }

    private Objective objective(DataType labelType) {
        if (labelType.equals(DataTypes.StringType) || labelType.equals(DataTypes.IntegerType)
                || labelType.equals(DataTypes.LongType) || labelType.equals(DataTypes.ShortType)) {
            return Objective.SINGLE_LABEL;
        }
        if (labelType instanceof NumericType) {
            return Objective.REGRESSION;
        }
        if (labelType instanceof ArrayType && ((ArrayType) labelType).elementType().equals(DataTypes.StringType)) {
            return Objective.MULTI_LABEL;
        }
        throw new IllegalArgumentException("labelCol: column '" + getOrDefault(labelCol) + "' has type " + labelType.simpleString()
                + "; use string or integer (classes), double (regression) or array<string> (multi-label)");
    }

    @Override
    public BertSequenceClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        DataType labelType = dataset.schema().apply(getOrDefault(labelCol)).dataType();
        Objective objective = objective(labelType);
        String pairCol = getOrDefault(textPairCol);
        Dataset<Row> data = dataset.toDF().select(functions.col(getOrDefault(textCol)),
                pairCol.isEmpty() ? functions.lit(null).cast(DataTypes.StringType).as("__no_pair") : functions.col(pairCol),
                functions.col(getOrDefault(labelCol)));
        requireUsableRows(data, pairCol.isEmpty() ? new String[] {getOrDefault(textCol), getOrDefault(labelCol)}
                : new String[] {getOrDefault(textCol), pairCol, getOrDefault(labelCol)});
        List<String> labels = labelNames(data, objective, labelType);
        BertConfig.Builder cb = startingConfig(data).toBuilder().optArchitectures("BertForSequenceClassification");
        if (objective == Objective.REGRESSION) {
            cb.optNumLabels(1).optProblemType("regression");
        } else {
            cb.optLabels(labels).optProblemType(objective == Objective.MULTI_LABEL ? "multi_label_classification"
                    : "single_label_classification");
        }
        BertConfig config = cb.build();
        String out = train(data, objective, config, 0, (r, tok, examples) -> {
            Encoded e = r.isNullAt(1) ? tok.encode(r.getString(0)) : tok.encode(r.getString(0), r.getString(1));
            long label = -1;
            float[] targets = null;
            if (objective == Objective.SINGLE_LABEL) {
                Object v = r.get(2);
                label = v instanceof String ? labels.indexOf(v) : ((Number) v).longValue();
            } else if (objective == Objective.REGRESSION) {
                targets = new float[] {((Number) r.get(2)).floatValue()};
            } else {
                targets = new float[labels.size()];
                for (Object l : r.getList(2)) {
                    targets[labels.indexOf(l)] = 1f;
                }
            }
            examples.add(Example.unplaced(e.ids(), e.typeIds(), e.attentionMask(), 1, label, targets, null, -1));
        });
        BertSequenceClassificationModel model = BertSequenceClassificationModel.fromPretrained(out)
                .setTextCol(getOrDefault(textCol)).setTextPairCol(pairCol).setMaxLength(effectiveMaxLength(config))
                .setBatchSize(intOf(batchSize())).setTruncation(getOrDefault(truncation()))
                .setHandleInvalid(getOrDefault(handleInvalid()));
        model.setParent(this);
        return model;
    }

    private List<String> labelNames(Dataset<Row> data, Objective objective, DataType type) {
        String col = data.columns()[2];
        if (objective == Objective.REGRESSION) {
            return List.of("LABEL_0");
        }
        List<String> names = new ArrayList<>();
        if (objective == Objective.MULTI_LABEL) {
            data.select(functions.explode(functions.col(col))).distinct().orderBy(functions.col("col"))
                    .collectAsList().forEach(r -> names.add(r.getString(0)));
        } else if (type.equals(DataTypes.StringType)) {
            data.select(col).distinct().orderBy(col).collectAsList().forEach(r -> names.add(r.getString(0)));
        } else {
            Row minMax = data.agg(functions.min(col), functions.max(col)).first();
            long min = ((Number) minMax.get(0)).longValue();
            long max = ((Number) minMax.get(1)).longValue();
            if (min < 0) {
                throw new IllegalArgumentException("labelCol: class index " + min + " is negative; integer labels must"
                        + " be 0..numLabels-1");
            }
            for (long i = 0; i <= max; i++) {
                names.add("LABEL_" + i);
            }
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("labelCol: classification needs at least 2 classes, found " + names);
        }
        return names;
    }

    @Override
    public BertSequenceClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
