package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;

/** A stage that reads text from a column ({@code textCol}, default {@code text}). */
public interface HasTextCol<S extends HasTextCol<S>> extends BertParams<S> {

    default Param<String> textCol() {
        return stringParam("textCol", "text column", "text");
    }

    default String getTextCol() {
        return getOrDefault(textCol());
    }

    default S setTextCol(String value) {
        return with(textCol(), value);
    }
}
