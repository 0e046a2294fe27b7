package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;

/**
 * The gold answer of a question ({@code answerTextCol}, default {@code answer_text}): what extractive
 * question answering trains on and is scored against.
 */
public interface HasAnswerTextCol<S extends HasAnswerTextCol<S>> extends BertParams<S> {

    default Param<String> answerTextCol() {
        return stringParam("answerTextCol", "answer text column", "answer_text");
    }

    default String getAnswerTextCol() {
        return getOrDefault(answerTextCol());
    }

    default S setAnswerTextCol(String value) {
        return with(answerTextCol(), value);
    }
}
