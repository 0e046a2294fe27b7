package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A stage with a column of extractive answers ({@code answerCol}, default {@code answer}), each an {@link #ANSWER}. */
public interface HasAnswerCol<S extends HasAnswerCol<S>> extends BertParams<S> {

    /** The struct of one answer: its text, char offsets {@code [start, end)} into the context and score. */
    StructType ANSWER = new StructType().add("text", DataTypes.StringType)
            .add("start", DataTypes.IntegerType).add("end", DataTypes.IntegerType).add("score", DataTypes.DoubleType);

    default Param<String> answerCol() {
        return stringParam("answerCol", "best answer column (struct)", "answer");
    }

    default String getAnswerCol() {
        return getOrDefault(answerCol());
    }

    default S setAnswerCol(String value) {
        return with(answerCol(), value);
    }
}
