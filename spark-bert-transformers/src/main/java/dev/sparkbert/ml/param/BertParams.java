package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * Base of spark-bert's params interfaces. A param is declared by a no-arg default method that
 * returns it from {@link #declaredParams()} (Spark finds params by such methods), with its name,
 * doc, validator and default written once; getters and setters beside it. {@code S} is the stage
 * type the setters return.
 *
 * @param <S> the stage class
 */
public interface BertParams<S extends BertParams<S>> extends Params {

    /** Where this stage keeps its params; see {@link DeclaredParams}. */
    DeclaredParams declaredParams();

    /** This stage, typed for setter chains. */
    @SuppressWarnings("unchecked")
    default S self() {
        return (S) this;
    }

    /** Sets a param and returns this stage (the body of every setter). */
    default <T> S with(Param<T> param, T value) {
        set(param, value);
        return self();
    }

    default Param<String> stringParam(String name, String doc, String dflt) {
        return declaredParams().get(name, () -> new Param<String>(this, name, doc), dflt);
    }

    /** A string param whose value must be one of {@code allowed}. */
    default Param<String> choiceParam(String name, String doc, String dflt, String... allowed) {
        return declaredParams().get(name, () -> new Param<String>(this, name, doc + " (" + String.join(", ", allowed)
                + ")", ParamValidators.inArray(allowed)), dflt);
    }

    default IntParam intParam(String name, String doc, int dflt, Function1<Object, Object> isValid) {
        return declaredParams().get(name, () -> new IntParam(this, name, doc, isValid), dflt);
    }

    default LongParam longParam(String name, String doc, long dflt) {
        return declaredParams().get(name, () -> new LongParam(this, name, doc), dflt);
    }

    default DoubleParam doubleParam(String name, String doc, double dflt, Function1<Object, Object> isValid) {
        return declaredParams().get(name, () -> new DoubleParam(this, name, doc, isValid), dflt);
    }

    default BooleanParam booleanParam(String name, String doc, boolean dflt) {
        return declaredParams().get(name, () -> new BooleanParam(this, name, doc), dflt);
    }
}
