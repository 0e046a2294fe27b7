package dev.sparkbert.ml.param;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of one stage. A param is declared once, by a default method of the params interface
 * that names it (Java interfaces cannot hold per-instance fields, which Scala traits do in MLlib);
 * the stage keeps the instance here, created on first use, with the default its declaration gives.
 * Base classes create every param ({@link Params#params()}) and then set the declared defaults,
 * so defaults are set once all params exist.
 */
public final class DeclaredParams implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Param<?>> byName = new LinkedHashMap<>();
    private final Map<Param<?>, Object> defaults = new LinkedHashMap<>();

    /** The stage's param of that name, created by {@code create} with default {@code dflt} on first use. */
    @SuppressWarnings("unchecked")
    <P extends Param<?>> P get(String name, Supplier<P> create, Object dflt) {
        Param<?> p = byName.get(name);
        if (p == null) {
            p = create.get();
            byName.put(name, p);
            defaults.put(p, dflt);
        }
        return (P) p;
    }

    /** Creates every param of {@code owner} and sets the defaults their declarations give. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void initialize(Params owner, DeclaredParams declared) {
        owner.params();
        for (Map.Entry<Param<?>, Object> d : declared.defaults.entrySet()) {
            owner.setDefault((Param) d.getKey(), d.getValue());
        }
    }
}
