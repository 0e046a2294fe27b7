package dev.sparkbert.core.tokenize;

/** HF truncation strategies. */
public enum Truncation {
    /** Remove tokens from the longer text of a pair, one at a time (HF default). */
    LONGEST_FIRST("longest_first"),
    /** Truncate only the first text. */
    ONLY_FIRST("only_first"),
    /** Truncate only the second text of a pair (question answering: keep the question whole). */
    ONLY_SECOND("only_second"),
    /** Never truncate. */
    DO_NOT_TRUNCATE("do_not_truncate");

    private final String hfName;

    Truncation(String hfName) {
        this.hfName = hfName;
    }

    public String hfName() {
        return hfName;
    }

    /** Parses an HF name ({@code longest_first}, ...) or a Java constant name, naming the choices on failure. */
    public static Truncation parse(String s) {
        for (Truncation t : values()) {
            if (t.hfName.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("truncation '" + s + "' is not one of longest_first, only_first,"
                + " only_second, do_not_truncate");
    }
}
