package dev.sparkbert.cli;

import dev.sparkbert.ml.BuildInfo;
import dev.sparkbert.ml.param.BertParams;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Writes the Python wrappers of every stage in the task registry from the JVM classes themselves:
 * one {@code pyspark.ml}-style params mixin per Java params interface (same params, docs and
 * types), and one class per model and estimator with the JVM defaults, keyword-only constructors
 * and {@code setParams}. Also the package version and the modules named after the Java packages,
 * which {@code pyspark.ml} needs to load saved pipelines holding our stages. {@code
 * PythonWrappersTest} fails when the files in {@code python/} are not what this writes.
 */
final class PythonWrappers {

    private static final String HEADER = "# Generated from the JVM classes by dev.sparkbert.cli.PythonWrappers; do not edit.\n"
            + "# Regenerate: mvn -pl spark-bert-jobs -am test -Dtest=PythonWrappersTest -Dsparkbert.pythonRegenerate=true\n"
            + "#   -Dsurefire.failIfNoSpecifiedTests=false\n";

    private PythonWrappers() {}

    /** File path (relative to {@code python/}) to content. */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sparkbert/_version.py", version());
        files.put("sparkbert/_stages.py", stages());
        Map<String, List<String>> byPackage = new TreeMap<>();
        for (Class<?> c : classes()) {
            byPackage.computeIfAbsent(c.getPackageName(), k -> new ArrayList<>()).add(c.getSimpleName());
        }
        for (Map.Entry<String, List<String>> p : byPackage.entrySet()) {
            files.put(p.getKey().replace('.', '/') + ".py", HEADER + "\"\"\"The Python classes of " + p.getKey()
                    + ": pyspark.ml finds a stage's Python class by its Java name (loading saved stages).\"\"\"\n\nfrom sparkbert"
                    + " import " + String.join(", ", p.getValue()) + "  # noqa: F401\n\n__all__ = ["
                    + String.join(", ", p.getValue().stream().map(n -> "\"" + n + "\"").toList()) + "]\n");
        }
        return files;
    }

    /** The registry's models, then its estimators, then our evaluators, each once. */
    static List<Class<?>> classes() {
        Set<Class<?>> out = new LinkedHashSet<>();
        BertTask.all().forEach(t -> out.add(t.modelClass()));
        BertTask.all().forEach(t -> t.estimatorClass().ifPresent(out::add));
        out.addAll(BertTask.sparkBertEvaluators());
        return List.copyOf(out);
    }

    private static String version() {
        String jvm = BuildInfo.version();
        String python = jvm.endsWith("-SNAPSHOT") ? jvm.substring(0, jvm.length() - 9) + ".dev0" : jvm;
        return HEADER + "\n__version__ = \"" + python + "\"\n\n# The JVM build this package wraps (dev.sparkbert.ml.BuildInfo.version()).\n"
                + "JVM_VERSION = \"" + jvm + "\"\n";
    }

    private static String stages() {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("\"\"\"The spark-bert stages: params mixins mirroring the Java params interfaces, then the models,"
                + " estimators and evaluators.\"\"\"\n\n");
        b.append("from typing import Any, Dict\n\n");
        b.append("from pyspark import keyword_only\nfrom pyspark.ml.param import Param, Params, TypeConverters\n\n");
        b.append("from sparkbert._base import _BertEstimator, _BertEvaluator, _BertModel, _keyword_only_after_java_model\n");
        List<Class<?>> mixins = mixins();
        for (Class<?> i : mixins) {
            b.append(mixin(i));
        }
        for (Class<?> c : classes()) {
            b.append(stage(c));
        }
        b.append("\n__all__ = [").append(String.join(", ", classes().stream().map(c -> "\"" + c.getSimpleName() + "\"")
                .toList())).append("]\n");
        return b.toString();
    }

    /** Every params interface the stages implement, each after the interfaces it extends. */
    private static List<Class<?>> mixins() {
        Set<Class<?>> ordered = new LinkedHashSet<>();
        for (Class<?> c : classes()) {
            for (Class<?> i : paramsInterfaces(c)) {
                addWithParents(i, ordered);
            }
        }
        return List.copyOf(ordered);
    }

    private static void addWithParents(Class<?> i, Set<Class<?>> ordered) {
        for (Class<?> parent : i.getInterfaces()) {
            if (isParamsInterface(parent)) {
                addWithParents(parent, ordered);
            }
        }
        ordered.add(i);
    }

    private static boolean isParamsInterface(Class<?> i) {
        return i.isInterface() && BertParams.class.isAssignableFrom(i) && i != BertParams.class;
    }

    /** The params interfaces of a class that no other of them extends (its Python bases). */
    private static List<Class<?>> paramsInterfaces(Class<?> c) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                collect(i, all);
            }
        }
        List<Class<?>> top = new ArrayList<>();
        for (Class<?> i : all) {
            if (all.stream().noneMatch(o -> o != i && i.isAssignableFrom(o))) {
                top.add(i);
            }
        }
        return top;
    }

    private static void collect(Class<?> i, Set<Class<?>> all) {
        if (isParamsInterface(i)) {
            all.add(i);
            for (Class<?> p : i.getInterfaces()) {
                collect(p, all);
            }
        }
    }

    /** The param accessors a type declares itself (sorted by name, as Spark lists params). */
    private static List<Method> declaredParams(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && Param.class.isAssignableFrom(m.getReturnType()))
                .sorted(java.util.Comparator.comparing(Method::getName)).toList();
    }

    /** A stage with a params interface, to read its params' docs and types. */
    private static Params instanceOf(Class<?> paramsInterface) {
        return newInstance(classes().stream().filter(paramsInterface::isAssignableFrom).findFirst().orElseThrow());
    }

    private static String mixin(Class<?> i) {
        StringBuilder b = new StringBuilder("\n\nclass ").append(pyName(i)).append("(");
        List<String> bases = new ArrayList<>();
        for (Class<?> p : i.getInterfaces()) {
            if (isParamsInterface(p)) {
                bases.add(pyName(p));
            }
        }
        b.append(bases.isEmpty() ? "Params" : String.join(", ", bases)).append("):\n");
        b.append("    \"\"\"Params of ").append(i.getName()).append(".\"\"\"\n");
        Params instance = instanceOf(i);
        for (Method m : declaredParams(i)) {
            b.append(paramMembers(instance.getParam(m.getName())));
        }
        return b.toString();
    }

    private static String paramMembers(Param<?> p) {
        String name = p.name();
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        String[] type = pythonType(p);
        return "\n    " + name + ": \"Param[" + type[0] + "]\" = Param(\n        Params._dummy(),\n        \"" + name
                + "\",\n        " + pyString(p.doc()) + ",\n        typeConverter=TypeConverters." + type[1] + ",\n    )\n\n"
                + "    def get" + cap + "(self) -> " + type[0] + ":\n        \"\"\"Gets the value of " + name
                + " or its default value.\"\"\"\n        return self.getOrDefault(self." + name + ")\n\n"
                + "    def set" + cap + "(self, value: " + type[0] + ") -> Any:\n        \"\"\"Sets the value of " + name
                + ".\"\"\"\n        return self._set(" + name + "=value)\n";
    }

    private static String stage(Class<?> c) {
        boolean model = dev.sparkbert.ml.BertStageModel.class.isAssignableFrom(c);
        boolean evaluator = dev.sparkbert.ml.evaluation.BertEvaluator.class.isAssignableFrom(c);
        Params instance = newInstance(c);
        BertTask task = BertTask.all().stream().filter(t -> t.modelClass() == c || t.estimatorClass().orElse(null) == c
                || t.evaluator().map(e -> e.sparkEvaluator() == c).orElse(false)).findFirst().orElseThrow();
        StringBuilder b = new StringBuilder("\n\nclass ").append(c.getSimpleName()).append("(")
                .append(model ? "_BertModel" : evaluator ? "_BertEvaluator" : "_BertEstimator");
        for (Class<?> i : paramsInterfaces(c)) {
            b.append(", ").append(pyName(i));
        }
        b.append("):\n    \"\"\"");
        b.append(model ? "Inference stage" : evaluator ? "Evaluator" : "Estimator").append(" for ").append(task.cliName())
                .append(": ").append(task.summary()).append(".\n\n    Wraps the JVM class ``").append(c.getName())
                .append("``").append(model ? "; trained by " + task.estimatorClass().map(Class::getSimpleName)
                        .orElse("no estimator") : evaluator ? "; scores a " + task.modelClass().getSimpleName()
                        + "'s output" : "; fits a " + task.modelClass().getSimpleName()).append(".\n    \"\"\"\n\n");
        // pyspark.ml finds a stage's Java class from the Python module (save, load, Spark Connect),
        // and a saved stage's Python class from the Java name: the class lives in the Java package.
        b.append("    __module__ = \"").append(c.getPackageName()).append("\"\n");
        b.append("    _java_class = \"").append(c.getName()).append("\"\n");
        if (!model && !evaluator) {
            b.append("    _model_class = \"").append(task.modelClass().getSimpleName()).append("\"\n");
            // Params of this estimator that its model also has under another meaning: declared by
            // a class or interface the model does not share.
            Params m = newInstance(task.modelClass());
            List<String> own = Arrays.stream(instance.params()).map(Param::name).filter(m::hasParam)
                    .filter(n -> !declaringType(c, n).isAssignableFrom(task.modelClass())).toList();
            if (!own.isEmpty()) {
                b.append("    _not_shared_with_model = {").append(String.join(", ", own.stream().map(n -> "\"" + n
                        + "\"").toList())).append("}\n");
            }
        }
        for (Method m : declaredParams(c)) {
            b.append(paramMembers(instance.getParam(m.getName())));
        }
        List<Param<?>> params = Arrays.stream(instance.params()).toList();
        StringBuilder signature = new StringBuilder("self, *");
        StringBuilder defaults = new StringBuilder();
        for (Param<?> p : params) {
            String value = pyValue(instance.getDefault(p).get());
            signature.append(",\n        ").append(p.name()).append(": ").append(pythonType(p)[0]).append(" = ")
                    .append(value);
            defaults.append("\n            ").append(p.name()).append("=").append(value).append(",");
        }
        if (model) {
            b.append("\n    @_keyword_only_after_java_model\n    def __init__(\n        self,\n        java_model: Any = None,\n        ")
                    .append(signature.substring("self, ".length())).append(",\n    ) -> None:\n");
            b.append("        super().__init__(java_model)\n        if java_model is None:\n            self._java_obj ="
                    + " self._new_java_obj(self._java_class, self.uid)\n");
        } else {
            b.append("\n    @keyword_only\n    def __init__(\n        ").append(signature).append(",\n    ) -> None:\n");
            b.append("        super().__init__()\n        self._java_obj = self._new_java_obj(self._java_class, self.uid)\n");
        }
        b.append("        self._setDefault(").append(defaults).append("\n        )\n");
        b.append("        kwargs = self._input_kwargs\n        self.setParams(**kwargs)\n");
        b.append("\n    @keyword_only\n    def setParams(\n        ").append(signature).append(",\n    ) -> \"")
                .append(c.getSimpleName()).append("\":\n        \"\"\"Sets params by name.\"\"\"\n");
        b.append("        kwargs: Dict[str, Any] = self._input_kwargs\n        return self._set(**kwargs)\n");
        return b.toString();
    }

    /** The class or interface that declares a param's accessor for {@code c}. */
    private static Class<?> declaringType(Class<?> c, String param) {
        try {
            return c.getMethod(param).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(c.getName() + "." + param, e);
        }
    }

    private static String pyName(Class<?> i) {
        return "_" + i.getSimpleName();
    }

    /** The Python type and TypeConverters function of a param. */
    private static String[] pythonType(Param<?> p) {
        if (p instanceof IntParam || p instanceof LongParam) {
            return new String[] {"int", "toInt"};
        }
        if (p instanceof DoubleParam) {
            return new String[] {"float", "toFloat"};
        }
        if (p instanceof BooleanParam) {
            return new String[] {"bool", "toBoolean"};
        }
        return new String[] {"str", "toString"};
    }

    private static String pyValue(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d)
                    : Double.toString(d).replace("E", "e");
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return pyString(v.toString());
    }

    private static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Params newInstance(Class<?> c) {
        try {
            return (Params) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c.getName(), e);
        }
    }
}
