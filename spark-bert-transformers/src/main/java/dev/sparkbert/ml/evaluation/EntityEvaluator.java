package dev.sparkbert.ml.evaluation;

import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.HasEntitiesCol;
import dev.sparkbert.ml.param.HasTextCol;
import dev.sparkbert.ml.param.HasWordsAndTags;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Entity-level precision, recall or F1 (fractions, micro-averaged over all entities) of a token
 * classification model's entities against gold BIO tags, as seqeval scores CoNLL: an entity counts
 * when its span and type are exact. A row holds the words and their gold tags (as {@code
 * BertTokenClassifier} trains on them), the text the model tagged (the words in order, joined by
 * whitespace: {@code concat_ws(" ", words)} is what training uses) and the model's entities over
 * that text. Rows with a null column fail, naming it and the row.
 */
public class EntityEvaluator extends BertEvaluator<EntityEvaluator>
        implements HasWordsAndTags<EntityEvaluator>, HasTextCol<EntityEvaluator>, HasEntitiesCol<EntityEvaluator> {

    private static final long serialVersionUID = 1L;

    public EntityEvaluator() {
        this(Identifiable.randomUID("entityEval"));
    }

    public EntityEvaluator(String uid) {
        super(uid);
    }

    @Override
    public Param<String> metricName() {
        return choiceParam("metricName", "metric evaluate returns: entity-level F1, precision or recall (fractions, as"
                + " seqeval)", "f1", "f1", "precision", "recall");
    }

    /** Checks the four input columns. */
    public void validateSchema(StructType schema) {
        requireWordsAndTags(schema);
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        requireColumn(schema, "entitiesCol", getEntitiesCol(), DataTypes.createArrayType(ENTITY),
                DataTypes.createArrayType(ENTITY, false));
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        TaskMetrics.EntityCounts c = counts(dataset);
        return switch (getMetricName()) {
            case "precision" -> c.precision();
            case "recall" -> c.recall();
            default -> c.f1();
        };
    }

    /** The entity counts of all rows, in one pass (each metric, and the number of gold entities). */
    public TaskMetrics.EntityCounts counts(Dataset<?> dataset) {
        validateSchema(dataset.schema());
        String[] cols = {getWordsCol(), getTagsCol(), getTextCol(), getEntitiesCol()};
        TaskMetrics.EntityCounts counts = dataset.toDF().select(cols[0], cols[1], cols[2], cols[3]).javaRDD()
                .mapPartitionsWithIndex((partition, it) -> List.of(countRows(it, partition, cols)).iterator(), false)
                .fold(new TaskMetrics.EntityCounts(), TaskMetrics.EntityCounts::merge);
        if (counts.sentences() == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        return counts;
    }

    private static TaskMetrics.EntityCounts countRows(Iterator<Row> it, int partition, String[] cols) {
        TaskMetrics.EntityCounts counts = new TaskMetrics.EntityCounts();
        for (long n = 0; it.hasNext(); n++) {
            Row r = it.next();
            for (int i = 0; i < cols.length; i++) {
                if (r.isNullAt(i)) {
                    throw new IllegalArgumentException(cols[i] + " is null" + row(n, partition));
                }
            }
            List<String> words = r.getList(0);
            List<String> tags = r.getList(1);
            if (words.size() != tags.size()) {
                throw new IllegalArgumentException(cols[1] + ": " + tags.size() + " tags for " + words.size() + " words"
                        + row(n, partition));
            }
            List<String> groups = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            for (Row e : r.<Row>getList(3)) {
                // ENTITY's fields: entity_group, word, start, end, score.
                if (e == null || e.isNullAt(0) || e.isNullAt(2) || e.isNullAt(3)) {
                    throw new IllegalArgumentException(cols[3] + ": an entity without its group, start or end "
                            + e + row(n, partition));
                }
                groups.add(e.getString(0));
                spans.add(new int[] {e.getInt(2), e.getInt(3)});
            }
            try {
                counts.add(TaskMetrics.bioEntities(tags), TaskMetrics.wordEntities(r.getString(2), words, groups, spans));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(cols[2] + ": " + e.getMessage() + row(n, partition), e);
            }
        }
        return counts;
    }

    public static MLReader<EntityEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static EntityEvaluator load(String path) {
        return read().load(path);
    }
}
