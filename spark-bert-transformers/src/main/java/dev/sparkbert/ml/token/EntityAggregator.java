package dev.sparkbert.ml.token;

import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HF {@code TokenClassificationPipeline}'s post-processing: per-token predictions, optionally
 * merged into words ({@code first}, {@code average}, {@code max}) and into entity spans of
 * consecutive B-/I- tags ({@code simple} and the word strategies); {@code O} entities are dropped.
 */
final class EntityAggregator {

    /** One predicted entity or token: label (entity group), text, char span [start, end), score. */
    record Entity(String group, String word, int start, int end, double score) {}

    private record Token(long id, int start, int end, double[] scores, boolean subword) {}

    private final String strategy;
    private final String[] labels;

    EntityAggregator(String strategy, String[] labels) {
        this.strategy = strategy;
        this.labels = labels;
    }

    /**
     * @param probs per-token softmax scores, (tokens, labels) flattened row-major for this encoding
     */
    List<Entity> aggregate(Encoded e, double[][] probs, BertTokenizer tok) {
        List<Token> tokens = new ArrayList<>();
        long previousWord = -1;
        for (int t = 0; t < e.length(); t++) {
            if (e.specialTokensMask()[t] == 1 || e.attentionMask()[t] == 0) {
                continue;
            }
            boolean subword = e.wordIds()[t] == previousWord && e.wordIds()[t] >= 0;
            previousWord = e.wordIds()[t];
            tokens.add(new Token(e.ids()[t], e.charStarts()[t], e.charEnds()[t], probs[t], subword));
        }
        List<Entity> entities = new ArrayList<>();
        if (strategy.equals("none")) {
            for (Token t : tokens) {
                int best = argmax(t.scores());
                entities.add(new Entity(labels[best], tok.decode(new long[] {t.id()}), t.start(), t.end(),
                        t.scores()[best]));
            }
            return dropO(entities);
        }
        List<List<Token>> units = new ArrayList<>();
        for (Token t : tokens) {
            if (strategy.equals("simple") || !t.subword() || units.isEmpty()) {
                units.add(new ArrayList<>(List.of(t)));
            } else {
                units.get(units.size() - 1).add(t);
            }
        }
        List<Entity> words = new ArrayList<>();
        for (List<Token> unit : units) {
            double[] scores = wordScores(unit);
            int best = argmax(scores);
            words.add(new Entity(labels[best], null, unit.get(0).start(), unit.get(unit.size() - 1).end(),
                    scores[best]));
        }
        return dropO(group(words, units, tok));
    }

    private double[] wordScores(List<Token> unit) {
        switch (strategy) {
            case "first":
            case "simple":
                return unit.get(0).scores();
            case "max": {
                Token best = unit.get(0);
                for (Token t : unit) {
                    if (max(t.scores()) > max(best.scores())) {
                        best = t;
                    }
                }
                return best.scores();
            }
            default: { // average
                double[] avg = new double[labels.length];
                for (Token t : unit) {
                    for (int c = 0; c < avg.length; c++) {
                        avg[c] += t.scores()[c] / unit.size();
                    }
                }
                return avg;
            }
        }
    }

    /** Merges consecutive units of the same tag, a B- tag starting a new entity. */
    private List<Entity> group(List<Entity> words, List<List<Token>> units, BertTokenizer tok) {
        List<Entity> out = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String tag = tag(words.get(i).group());
            int j = i + 1;
            while (j < words.size() && tag(words.get(j).group()).equals(tag) && !words.get(j).group().startsWith("B-")) {
                j++;
            }
            List<Long> ids = new ArrayList<>();
            double score = 0;
            for (int k = i; k < j; k++) {
                units.get(k).forEach(t -> ids.add(t.id()));
                score += words.get(k).score();
            }
            out.add(new Entity(tag, tok.decode(ids.stream().mapToLong(Long::longValue).toArray()),
                    words.get(i).start(), words.get(j - 1).end(), score / (j - i)));
            i = j;
        }
        return out;
    }

    private static String tag(String label) {
        return label.startsWith("B-") || label.startsWith("I-") ? label.substring(2) : label;
    }

    private static List<Entity> dropO(List<Entity> entities) {
        entities.removeIf(e -> e.group().equals("O"));
        return entities;
    }

    private static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            best = a[i] > a[best] ? i : best;
        }
        return best;
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(0);
    }
}
