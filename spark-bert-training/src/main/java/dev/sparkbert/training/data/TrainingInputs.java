package dev.sparkbert.training.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Readers for the public training data formats that are not tables: CoNLL column files (NER),
 * SQuAD JSON (QA) and plain text documents (pretraining).
 */
public final class TrainingInputs {

    /** The columns of CoNLL rows: words and their tags. */
    public static final StructType CONLL = new StructType().add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));

    private TrainingInputs() {}

    /**
     * CoNLL column files: one token per line, the word in the first column and the tag in the last,
     * blank lines between sentences, {@code -DOCSTART-} lines skipped. Gives (words, tags).
     */
    public static Dataset<Row> conll(SparkSession spark, String path) {
        JavaRDD<Row> rows = spark.sparkContext().wholeTextFiles(path, 1).toJavaRDD().flatMap(file -> {
            List<Row> out = new ArrayList<>();
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            int lineNo = 0;
            for (String line : (file._2() + "\n").split("\n", -1)) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("-DOCSTART-")) {
                    if (!words.isEmpty()) {
                        out.add(RowFactory.create(words.toArray(new String[0]), tags.toArray(new String[0])));
                        words.clear();
                        tags.clear();
                    }
                    continue;
                }
                String[] cols = t.split("\\s+");
                if (cols.length < 2) {
                    throw new IllegalArgumentException(file._1() + " line " + lineNo + ": a CoNLL line needs a word and"
                            + " a tag, got '" + t + "'");
                }
                words.add(cols[0]);
                tags.add(cols[cols.length - 1]);
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, CONLL);
    }

    /**
     * SQuAD v1.1 JSON: one row per question with its first answer (id, question, context,
     * answer_text, answer_start) and all its gold answer texts ({@code answers}, for evaluation).
     */
    public static Dataset<Row> squad(SparkSession spark, String path) {
        Dataset<Row> articles = spark.read().option("multiLine", "true").json(path)
                .select(functions.explode(functions.col("data")).as("a"));
        return articles.select(functions.explode(functions.col("a.paragraphs")).as("p"))
                .select(functions.col("p.context").as("context"), functions.explode(functions.col("p.qas")).as("qa"))
                .select(functions.col("qa.id").as("id"), functions.col("qa.question").as("question"),
                        functions.col("context"), functions.col("qa.answers.text").as("answers"),
                        functions.col("qa.answers").getItem(0).getField("text").as("answer_text"),
                        functions.col("qa.answers").getItem(0).getField("answer_start").cast(DataTypes.IntegerType)
                                .as("answer_start"));
    }

    /** Plain text files, documents separated by blank lines; one row (column {@code text}) per document. */
    public static Dataset<Row> documents(SparkSession spark, String paths) {
        JavaRDD<Row> rows = spark.sparkContext().wholeTextFiles(paths, 1).toJavaRDD().flatMap(file -> {
            List<Row> out = new ArrayList<>();
            for (String doc : file._2().split("\\n\\s*\\n")) {
                if (!doc.isBlank()) {
                    out.add(RowFactory.create(doc.strip()));
                }
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, new StructType().add("text", DataTypes.StringType));
    }
}
