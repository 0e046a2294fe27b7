package dev.sparkbert.ml.evaluation;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task metrics as the standard scripts compute them: entity-level precision / recall / F1 over BIO
 * tags (exact span and type, as seqeval), and SQuAD v1.1 exact match and token F1 with the official
 * answer normalisation. {@link EntityEvaluator} and {@link QuestionAnsweringEvaluator} run them over
 * a Dataset.
 */
public final class TaskMetrics {

    private TaskMetrics() {}

    /** Running counts of an entity-level evaluation; partitions' counts {@link #merge}. */
    public static final class EntityCounts implements Serializable {
        private static final long serialVersionUID = 1L;

        private long truePositives;
        private long falsePositives;
        private long falseNegatives;
        private long sentences;

        /** Adds one sentence: gold and predicted entities as {@code TYPE:firstWord:lastWord}. */
        public void add(Set<String> gold, Set<String> predicted) {
            sentences++;
            for (String p : predicted) {
                if (gold.contains(p)) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
            }
            for (String g : gold) {
                falseNegatives += predicted.contains(g) ? 0 : 1;
            }
        }

        /** This and {@code other} together (this one, updated). */
        public EntityCounts merge(EntityCounts other) {
            truePositives += other.truePositives;
            falsePositives += other.falsePositives;
            falseNegatives += other.falseNegatives;
            sentences += other.sentences;
            return this;
        }

        public double precision() {
            return truePositives / (double) Math.max(1, truePositives + falsePositives);
        }

        public double recall() {
            return truePositives / (double) Math.max(1, truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public long goldEntities() {
            return truePositives + falseNegatives;
        }

        public long sentences() {
            return sentences;
        }
    }

    /** Entities of a BIO sequence as {@code TYPE:first:last} word indices; an I- tag after another type starts one. */
    public static Set<String> bioEntities(List<String> tags) {
        Set<String> out = new HashSet<>();
        String type = null;
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String t = i < tags.size() ? tags.get(i) : "O";
            String ty = t.length() > 2 ? t.substring(2) : null;
            boolean begins = t.startsWith("B-") || (t.startsWith("I-") && !ty.equals(type));
            if (type != null && (t.equals("O") || begins)) {
                out.add(type + ":" + start + ":" + (i - 1));
                type = null;
            }
            if (begins) {
                type = ty;
                start = i;
            }
        }
        return out;
    }

    /**
     * Entities predicted on a text (group, start and end char offsets) as {@code TYPE:first:last}
     * word indices, where the text holds the words in order (joined by whitespace, as a token
     * classifier's training joins them with single spaces): an entity belongs to the words its
     * first and last characters fall in or after.
     *
     * @throws IllegalArgumentException when a word is not in the text after the previous one
     */
    public static Set<String> wordEntities(String text, List<String> words, List<String> groups,
            List<int[]> charSpans) {
        int[] starts = new int[words.size()];
        int at = 0;
        for (int w = 0; w < starts.length; w++) {
            starts[w] = text.indexOf(words.get(w), at);
            if (starts[w] < 0) {
                throw new IllegalArgumentException("word " + w + " '" + words.get(w) + "' is not in the text after char "
                        + at + ": the text must hold the words in order");
            }
            at = starts[w] + words.get(w).length();
        }
        Set<String> out = new HashSet<>();
        for (int e = 0; e < groups.size(); e++) {
            out.add(groups.get(e) + ":" + wordAt(starts, charSpans.get(e)[0]) + ":" + wordAt(starts, charSpans.get(e)[1] - 1));
        }
        return out;
    }

    private static int wordAt(int[] starts, int ch) {
        int w = 0;
        while (w + 1 < starts.length && starts[w + 1] <= ch) {
            w++;
        }
        return w;
    }

    /** The official SQuAD v1.1 normalisation: lower case, no punctuation, no articles, single spaces. */
    public static String normalizeAnswer(String s) {
        String lower = s.toLowerCase();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            // Python's string.punctuation, as the official script removes it.
            if (!(cp < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(cp) >= 0)) {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        String noArticles = b.toString().replaceAll("\\b(a|an|the)\\b", " ");
        return String.join(" ", noArticles.trim().split("\\s+"));
    }

    /** SQuAD exact match of a prediction against the best of the gold answers (0 or 1). */
    public static double exactMatch(String predicted, List<String> golds) {
        String p = normalizeAnswer(predicted);
        return golds.stream().anyMatch(g -> normalizeAnswer(g).equals(p)) ? 1 : 0;
    }

    /** SQuAD token F1 of a prediction against the best of the gold answers. */
    public static double answerF1(String predicted, List<String> golds) {
        double best = 0;
        for (String g : golds) {
            best = Math.max(best, f1(g, predicted));
        }
        return best;
    }

    private static double f1(String gold, String predicted) {
        List<String> g = tokens(gold);
        List<String> p = tokens(predicted);
        Map<String, Integer> counts = new HashMap<>();
        g.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                same++;
                counts.put(t, c - 1);
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / p.size();
        double recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String s) {
        String n = normalizeAnswer(s);
        return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
    }
}
