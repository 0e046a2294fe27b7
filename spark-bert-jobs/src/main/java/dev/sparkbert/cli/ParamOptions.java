package dev.sparkbert.cli;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Stage and estimator params as command-line options: every param is an option in kebab case
 * ({@code learningRate} is {@code --learning-rate}), parsed by the param's type; an option that
 * no stage of the task has is refused naming it.
 */
final class ParamOptions {

    private ParamOptions() {}

    /** The option names of the params of {@code stages}, without those in {@code excluded} (param names). */
    static Set<String> of(Collection<? extends Params> stages, Set<String> excluded) {
        Set<String> names = new LinkedHashSet<>();
        for (Params s : stages) {
            for (Param<?> p : s.params()) {
                if (!excluded.contains(p.name())) {
                    names.add(kebab(p.name()));
                }
            }
        }
        return names;
    }

    /** Sets the param behind every given option that is not one of the command's {@code own} options. */
    static void apply(Params stage, Options o, Set<String> own, String command, String task) {
        for (String option : o.names()) {
            if (own.contains(option)) {
                continue;
            }
            String name = camel(option);
            if (!stage.hasParam(name)) {
                throw new Options.UsageException(command + ": --" + option + " does not apply to " + task);
            }
            set(stage, stage.getParam(name), option, o.require(option), command);
        }
    }

    private static void set(Params stage, Param<?> p, String option, String value, String command) {
        try {
            if (p instanceof IntParam) {
                stage.set((IntParam) p, Integer.parseInt(value));
            } else if (p instanceof LongParam) {
                stage.set((LongParam) p, Long.parseLong(value));
            } else if (p instanceof DoubleParam) {
                stage.set((DoubleParam) p, Double.parseDouble(value));
            } else if (p instanceof BooleanParam) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new NumberFormatException(value);
                }
                stage.set((BooleanParam) p, Boolean.parseBoolean(value));
            } else {
                @SuppressWarnings("unchecked")
                Param<String> s = (Param<String>) p;
                stage.set(s, value);
            }
        } catch (NumberFormatException ex) {
            throw new Options.UsageException(command + ": --" + option + " got '" + value + "', which is not a valid "
                    + p.getClass().getSimpleName().replace("Param", "").toLowerCase());
        } catch (IllegalArgumentException ex) {
            throw new Options.UsageException(command + ": --" + option + " " + value + ": " + ex.getMessage());
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
