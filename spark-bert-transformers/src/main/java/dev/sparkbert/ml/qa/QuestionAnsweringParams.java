package dev.sparkbert.ml.qa;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasAnswerCol;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Params of extractive question answering shared by {@link BertQuestionAnsweringModel} and the
 * {@code BertQuestionAnswerer} estimator: question and context columns, the context windows
 * ({@code maxLength} 384 tokens, {@code docStride} shared between windows, only the context
 * truncated) and how answers are decoded.
 */
public interface QuestionAnsweringParams<S extends QuestionAnsweringParams<S>> extends BertStageParams<S>, HasAnswerCol<S> {

    default Param<String> questionCol() {
        return stringParam("questionCol", "question column", "question");
    }

    default Param<String> contextCol() {
        return stringParam("contextCol", "context column", "context");
    }

    default Param<String> topAnswersCol() {
        return stringParam("topAnswersCol", "column with the topK best answers (array of struct), when topK > 1",
                "answers");
    }

    default IntParam docStride() {
        return intParam("docStride", "tokens shared by consecutive context windows", 64, ParamValidators.gtEq(0));
    }

    default IntParam maxAnswerLength() {
        return intParam("maxAnswerLength", "longest answer in tokens", 15, ParamValidators.gt(0));
    }

    default IntParam topK() {
        return intParam("topK", "answers to keep per row", 1, ParamValidators.gt(0));
    }

    default BooleanParam handleImpossibleAnswer() {
        return booleanParam("handleImpossibleAnswer", "allow an empty answer when the model prefers [CLS] (SQuAD 2.0"
                + " style)", false);
    }

    default String getQuestionCol() {
        return getOrDefault(questionCol());
    }

    default String getContextCol() {
        return getOrDefault(contextCol());
    }

    default String getTopAnswersCol() {
        return getOrDefault(topAnswersCol());
    }

    default int getDocStride() {
        return (Integer) getOrDefault(docStride());
    }

    default int getMaxAnswerLength() {
        return (Integer) getOrDefault(maxAnswerLength());
    }

    default int getTopK() {
        return (Integer) getOrDefault(topK());
    }

    default boolean getHandleImpossibleAnswer() {
        return (Boolean) getOrDefault(handleImpossibleAnswer());
    }

    default S setQuestionCol(String value) {
        return with(questionCol(), value);
    }

    default S setContextCol(String value) {
        return with(contextCol(), value);
    }

    default S setTopAnswersCol(String value) {
        return with(topAnswersCol(), value);
    }

    default S setDocStride(int value) {
        return with(docStride(), value);
    }

    default S setMaxAnswerLength(int value) {
        return with(maxAnswerLength(), value);
    }

    default S setTopK(int value) {
        return with(topK(), value);
    }

    default S setHandleImpossibleAnswer(boolean value) {
        return with(handleImpossibleAnswer(), value);
    }

    /** The defaults question answering has unlike other tasks: 384 tokens, only the context truncated. */
    default void setQuestionAnsweringDefaults() {
        setDefault(maxLength(), 384);
        setDefault(truncation(), "only_second");
    }

    /** Checks question and context; adds the best answer and, with {@code topK > 1}, the top answers. */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "questionCol", getQuestionCol(), DataTypes.StringType);
        requireColumn(schema, "contextCol", getContextCol(), DataTypes.StringType);
        StructType out = addOutput(schema, "answerCol", getAnswerCol(), ANSWER);
        if (getTopK() > 1) {
            out = addOutput(out, "topAnswersCol", getTopAnswersCol(), DataTypes.createArrayType(ANSWER));
        }
        return out;
    }
}
