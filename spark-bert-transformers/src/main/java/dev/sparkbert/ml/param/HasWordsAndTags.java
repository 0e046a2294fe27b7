package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.StructType;

/**
 * Pre-split words with one gold tag each (BIO), as CoNLL files hold them: what token classification
 * trains on and is scored against ({@code wordsCol} and {@code tagsCol}, defaults {@code words} and
 * {@code tags}). A token classification model's own {@code tagsCol} is an output, not this one.
 */
public interface HasWordsAndTags<S extends HasWordsAndTags<S>> extends BertParams<S> {

    default Param<String> wordsCol() {
        return stringParam("wordsCol", "array<string> column of words", "words");
    }

    default Param<String> tagsCol() {
        return stringParam("tagsCol", "array<string> column of gold tags, one per word", "tags");
    }

    default String getWordsCol() {
        return getOrDefault(wordsCol());
    }

    default String getTagsCol() {
        return getOrDefault(tagsCol());
    }

    default S setWordsCol(String value) {
        return with(wordsCol(), value);
    }

    default S setTagsCol(String value) {
        return with(tagsCol(), value);
    }

    /** Checks that both columns exist and are arrays of strings. */
    default void requireWordsAndTags(StructType schema) {
        SchemaChecks.requireColumn(schema, "wordsCol", getWordsCol(), SchemaChecks.STRING_ARRAY,
                SchemaChecks.STRING_ARRAY_NO_NULLS);
        SchemaChecks.requireColumn(schema, "tagsCol", getTagsCol(), SchemaChecks.STRING_ARRAY,
                SchemaChecks.STRING_ARRAY_NO_NULLS);
    }
}
