package dev.sparkbert.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} (kebab case). Unknown options, a missing
 * value or a repeated option are refused naming the option.
 */
public final class Options {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param allowed option names without the leading dashes
     */
    public Options(String command, String[] args, int from, Set<String> allowed) {
        this.command = command;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + a + "' (options look like --name value)");
            }
            String name = a.substring(2);
            if (!allowed.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name + "; known: --"
                        + String.join(", --", allowed));
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(command + ": option --" + name + " needs a value");
            }
            if (values.put(name, args[++i]) != null) {
                throw new UsageException(command + ": option --" + name + " is given twice");
            }
        }
    }

    public String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": option --" + name + " is required");
        }
        return v;
    }

    /** The options given, in order. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of an option that takes one of {@code allowed}; fails naming them. */
    public String choice(String name, String dflt, java.util.List<String> allowed) {
        String v = get(name, dflt);
        if (!allowed.contains(v)) {
            throw new UsageException(command + ": option --" + name + " must be one of " + allowed + ", got '" + v + "'");
        }
        return v;
    }

    public int getInt(String name, int dflt) {
        String v = values.get(name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option --" + name + " must be an integer, got '" + v + "'");
        }
    }

    /** A bad command line; the launcher prints the message and exits with status 2. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
