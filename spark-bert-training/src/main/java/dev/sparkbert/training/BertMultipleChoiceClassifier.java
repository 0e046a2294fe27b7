package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import dev.sparkbert.ml.choice.MultipleChoiceParams;
import dev.sparkbert.ml.param.SchemaChecks;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.data.RowChecks;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fine-tunes BERT for multiple choice (SWAG, CommonsenseQA) on rows of a prompt, an array of
 * choices and the index of the right one, and returns a {@link BertMultipleChoiceModel}.
 *
 * <p>As HF's {@code run_swag}: each (prompt, choice) pair is encoded and scored by the shared
 * classifier; the choices of one row form a softmax trained with cross entropy. Every row must have
 * the same number of choices (the batches are rows x choices x tokens).
 */
public class BertMultipleChoiceClassifier
        extends BertEstimator<BertMultipleChoiceModel, BertMultipleChoiceClassifier>
        implements MultipleChoiceParams<BertMultipleChoiceClassifier> {

    private static final long serialVersionUID = 1L;

    public BertMultipleChoiceClassifier() {
        this(Identifiable.randomUID("bertChoiceTrainer"));
    }

    public BertMultipleChoiceClassifier(String uid) {
        super(uid);
    }

    public Param<String> labelCol() {
        return stringParam("labelCol", "integer column: index of the right choice", "label");
    }

    public String getLabelCol() {
        return getOrDefault(labelCol());
    }

    public BertMultipleChoiceClassifier setLabelCol(String value) {
        return with(labelCol(), value);
    }

    /** Checks the label column; then the fitted model's schema. */
    @Override
    public StructType transformSchema(StructType schema) {
        SchemaChecks.requireColumn(schema, "labelCol", getLabelCol(), DataTypes.IntegerType, DataTypes.LongType,
                DataTypes.ShortType);
        return validateAndTransformSchema(schema);
    }

    @Override
    public BertMultipleChoiceModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String p = getPromptCol();
        String c = getChoicesCol();
        String l = getLabelCol();
        Dataset<Row> data = dataset.toDF().select(functions.col(p), functions.col(c),
                functions.col(l).cast(DataTypes.IntegerType).as(l));
        Column size = functions.size(functions.col(c));
        Row range = rowRules(RowChecks.on(data, "training").notNull(p, c, l), data.schema())
                .check(functions.min(size), functions.max(size));
        int choices = range.getInt(0);
        if (choices != range.getInt(1) || choices < 2) {
            throw new IllegalArgumentException("choicesCol: every row needs the same number (at least 2) of choices;"
                    + " found (choices, rows): " + data.groupBy(size.as("n")).count().orderBy("n").collectAsList());
        }
        BertConfig config = startingConfig(data).toBuilder().optArchitectures("BertForMultipleChoice").optNumLabels(2)
                .build();
        String out = train(data, Objective.MULTIPLE_CHOICE, config, 0, (r, tok, examples) -> {
            if (r.getList(1).size() != choices) {
                throw new IllegalArgumentException("choicesCol: validation row " + r + " has " + r.getList(1).size()
                        + " choices; the training rows have " + choices);
            }
            String prompt = r.getString(0);
            List<Encoded> enc = new ArrayList<>();
            int len = 0;
            for (Object choice : r.getList(1)) {
                Encoded e = tok.encode(prompt, (String) choice);
                enc.add(e);
                len = Math.max(len, e.length());
            }
            // Choices of one example share a length (the batch is rows x choices x tokens): pad here.
            long pad = tok.tokenToId("[PAD]");
            long[] ids = new long[enc.size() * len];
            long[] types = new long[ids.length];
            long[] mask = new long[ids.length];
            java.util.Arrays.fill(ids, pad);
            for (int k = 0; k < enc.size(); k++) {
                Encoded e = enc.get(k);
                System.arraycopy(e.ids(), 0, ids, k * len, e.length());
                System.arraycopy(e.typeIds(), 0, types, k * len, e.length());
                System.arraycopy(e.attentionMask(), 0, mask, k * len, e.length());
            }
            examples.add(Example.unplaced(ids, types, mask, enc.size(), r.getInt(2), null, null, -1));
        });
        return fitted(new BertMultipleChoiceModel(uid()), out, config);
    }

    /** The label must index one of the row's choices, and no choice may be null. */
    @Override
    protected RowChecks rowRules(RowChecks checks, StructType schema) {
        String l = getLabelCol();
        String c = getChoicesCol();
        return checks.rule(functions.col(l).lt(0).or(functions.col(l).geq(functions.size(functions.col(c))))
                .or(functions.exists(functions.col(c), Column::isNull)),
                "have a label ('" + l + "') outside 0..n-1 for their n choices, or a null choice");
    }

    @Override
    public BertMultipleChoiceClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<BertMultipleChoiceClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static BertMultipleChoiceClassifier load(String path) {
        return read().load(path);
    }
}
