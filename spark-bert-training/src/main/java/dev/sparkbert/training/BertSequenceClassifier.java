package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.config.ProblemType;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.classification.SequenceClassificationParams;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.data.LabelIndex;
import dev.sparkbert.training.data.RowChecks;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FractionalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fine-tunes a whole BERT (encoder and head) for sequence classification on a DataFrame with
 * synchronized data parallelism across {@code numWorkers} Spark tasks, and returns a {@link
 * BertSequenceClassificationModel}.
 *
 * <p>The label column decides the problem: strings (mapped to {@code id2label} in sorted order) or
 * integers (class indices) give single-label classification, and so do class indices of any
 * numeric type whose column carries MLlib's nominal or binary attribute (a {@code StringIndexer}'s
 * output: {@code id2label} takes the indexer's labels, in its order); other doubles give
 * regression; arrays of strings give multi-label classification. Training follows HF's Trainer:
 * AdamW with its no-decay groups, the chosen warm-up schedule, global-norm clipping, global batch =
 * perWorkerBatchSize x numWorkers x gradientAccumulationSteps, the training order reshuffled every
 * epoch from {@code seed}.
 */
public class BertSequenceClassifier extends BertEstimator<BertSequenceClassificationModel, BertSequenceClassifier>
        implements SequenceClassificationParams<BertSequenceClassifier> {

    private static final long serialVersionUID = 1L;

    public BertSequenceClassifier() {
        this(Identifiable.randomUID("bertSeqClsTrainer"));
    }

    public BertSequenceClassifier(String uid) {
        super(uid);
    }

    public Param<String> labelCol() {
        return stringParam("labelCol", "label column: string or integer (classes), double (regression; class"
                + " indices when it carries a StringIndexer's attribute) or array<string> (multi-label)", "label");
    }

    public String getLabelCol() {
        return getOrDefault(labelCol());
    }

    public BertSequenceClassifier setLabelCol(String value) {
        return with(labelCol(), value);
    }

    /** The problem type the label column's type implies; fails naming labelCol when it has none. */
    @Override
    public ProblemType problemType(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains(getLabelCol())) {
            throw new IllegalArgumentException("labelCol: column '" + getLabelCol() + "' does not exist");
        }
        DataType labelType = schema.apply(getLabelCol()).dataType();
        if (labelType.equals(DataTypes.StringType) || labelType.equals(DataTypes.IntegerType)
                || labelType.equals(DataTypes.LongType) || labelType.equals(DataTypes.ShortType)
                || indexedClasses(schema.apply(getLabelCol())) != null) {
            return ProblemType.SINGLE_LABEL_CLASSIFICATION;
        }
        if (labelType instanceof NumericType) {
            return ProblemType.REGRESSION;
        }
        if (labelType instanceof ArrayType && ((ArrayType) labelType).elementType().equals(DataTypes.StringType)) {
            return ProblemType.MULTI_LABEL_CLASSIFICATION;
        }
        throw new IllegalArgumentException("labelCol: column '" + getLabelCol() + "' has type " + labelType.simpleString()
                + "; use string or integer (classes), double (regression) or array<string> (multi-label)");
    }

    /**
     * The classes of a numeric label column that carries MLlib's nominal or binary attribute (as a
     * {@code StringIndexer}'s output does): the attribute's names in index order, else LABEL_i for
     * its declared number of values, else an empty list (the classes come from the data); null
     * without such an attribute.
     */
    static List<String> indexedClasses(StructField label) {
        if (!(label.dataType() instanceof NumericType)) {
            return null;
        }
        Attribute a = Attribute.fromStructField(label);
        scala.Option<String[]> values;
        int count;
        if (a instanceof NominalAttribute) {
            NominalAttribute n = (NominalAttribute) a;
            values = n.values();
            count = n.getNumValues().isDefined() ? (Integer) n.getNumValues().get() : 0;
        } else if (a instanceof BinaryAttribute) {
            values = ((BinaryAttribute) a).values();
            count = 2;
        } else {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (values.isDefined()) {
            names.addAll(Arrays.asList(values.get()));
        } else {
            for (int i = 0; i < count; i++) {
                names.add("LABEL_" + i);
            }
        }
        return names;
    }

    /** The fitted model's output schema on such data, for the problem type the label column implies. */
    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public BertSequenceClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        DataType labelType = dataset.schema().apply(getLabelCol()).dataType();
        ProblemType type = problemType(dataset.schema());
        String pairCol = getTextPairCol();
        Dataset<Row> data = dataset.toDF().select(functions.col(getTextCol()),
                pairCol.isEmpty() ? functions.lit(null).cast(DataTypes.StringType).as("__no_pair") : functions.col(pairCol),
                functions.col(getLabelCol()));
        Row labelFacts = rowRules(RowChecks.on(data, "training").notNull(pairCol.isEmpty()
                ? new String[] {getTextCol(), getLabelCol()} : new String[] {getTextCol(), pairCol, getLabelCol()}),
                data.schema()).check(labelAggregates(getLabelCol(), type, labelType));
        List<String> labels = labelNames(data, labelFacts, type, dataset.schema().apply(getLabelCol()));
        BertConfig.Builder cb = startingConfig(data).toBuilder().optArchitectures("BertForSequenceClassification")
                .optProblemType(type);
        if (type == ProblemType.REGRESSION) {
            cb.optNumLabels(1);
        } else {
            cb.optLabels(labels);
        }
        BertConfig config = cb.build();
        String out = train(data, Objective.SEQUENCE_CLASSIFICATION, config, 0, (r, tok, examples) -> {
            Encoded e = r.isNullAt(1) ? tok.encode(r.getString(0)) : tok.encode(r.getString(0), r.getString(1));
            long label = -1;
            float[] targets = null;
            if (type == ProblemType.SINGLE_LABEL_CLASSIFICATION) {
                Object v = r.get(2);
                label = v instanceof String ? LabelIndex.of(labels, (String) v, "labelCol", r)
                        : LabelIndex.ofIndex(labels.size(), ((Number) v).longValue(), "labelCol", r);
            } else if (type == ProblemType.REGRESSION) {
                targets = new float[] {((Number) r.get(2)).floatValue()};
            } else {
                targets = new float[labels.size()];
                for (Object l : r.getList(2)) {
                    targets[LabelIndex.of(labels, (String) l, "labelCol", r)] = 1f;
                }
            }
            examples.add(Example.unplaced(e.ids(), e.typeIds(), e.attentionMask(), 1, label, targets, null, -1));
        });
        return fitted(new BertSequenceClassificationModel(uid()), out, config);
    }

    /**
     * Regression targets must be finite numbers, a multi-label set may not hold a null, and class
     * indices of a fractional type must be whole.
     */
    @Override
    protected RowChecks rowRules(RowChecks checks, StructType schema) {
        String col = getLabelCol();
        Column label = functions.col(col);
        switch (problemType(schema)) {
            case REGRESSION: {
                Column value = label.cast(DataTypes.DoubleType);
                return checks.rule(value.isNaN().or(functions.abs(value).equalTo(Double.POSITIVE_INFINITY)),
                        "have a '" + col + "' that is not a finite number");
            }
            case MULTI_LABEL_CLASSIFICATION:
                return checks.rule(functions.exists(label, Column::isNull), "have a null in their '" + col + "' label set");
            default:
                // Class indices of a fractional type (a StringIndexer's doubles) must be whole numbers.
                return schema.apply(col).dataType() instanceof FractionalType
                        ? checks.rule(label.notEqual(functions.floor(label)), "have a '" + col + "' that is not a whole"
                                + " class index")
                        : checks;
        }
    }

    /**
     * What the checks' aggregation also finds for the class names of single-label data: the sorted
     * distinct strings, or the class indices' range; nothing for regression and multi-label sets.
     */
    private static Column[] labelAggregates(String col, ProblemType problem, DataType type) {
        if (problem != ProblemType.SINGLE_LABEL_CLASSIFICATION) {
            return new Column[0];
        }
        return type.equals(DataTypes.StringType) ? new Column[] {functions.array_sort(functions.collect_set(col))}
                : new Column[] {functions.min(col), functions.max(col)};
    }

    /**
     * The class names, ordered: sorted distinct strings, or for class indices the names of the
     * column's attribute ({@link #indexedClasses}) else LABEL_0..LABEL_max, from {@code facts}
     * ({@link #labelAggregates}' values); multi-label sets take a job of their own.
     */
    private List<String> labelNames(Dataset<Row> data, Row facts, ProblemType problem, StructField label) {
        DataType type = label.dataType();
        if (problem == ProblemType.REGRESSION) {
            return List.of("LABEL_0");
        }
        List<String> names = new ArrayList<>();
        if (problem == ProblemType.MULTI_LABEL_CLASSIFICATION) {
            // Distinct labels after explode: label sets could be as many as the rows.
            data.select(functions.explode(functions.col(data.columns()[2]))).distinct().orderBy(functions.col("col"))
                    .collectAsList().forEach(r -> names.add(r.getString(0)));
        } else if (type.equals(DataTypes.StringType)) {
            names.addAll(facts.<String>getList(0));
        } else {
            long min = ((Number) facts.get(0)).longValue();
            long max = ((Number) facts.get(1)).longValue();
            if (min < 0) {
                throw new IllegalArgumentException("labelCol: class index " + min + " is negative; integer labels must"
                        + " be 0..numLabels-1");
            }
            List<String> indexed = indexedClasses(label);
            if (indexed != null && !indexed.isEmpty()) {
                if (max >= indexed.size()) {
                    throw new IllegalArgumentException("labelCol: class index " + max + " is outside the " + indexed.size()
                            + " classes the column's attribute names " + indexed);
                }
                names.addAll(indexed);
            } else {
                for (long i = 0; i <= max; i++) {
                    names.add("LABEL_" + i);
                }
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

    public static MLReader<BertSequenceClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static BertSequenceClassifier load(String path) {
        return read().load(path);
    }
}
