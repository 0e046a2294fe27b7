package dev.sparkbert.core.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HF's fast BERT tokenizer through DJL's bindings to the {@code tokenizers} library: single texts
 * and pairs, truncation strategies, max length, padding, stride windows, char offsets and word ids.
 *
 * <p>Loads a checkpoint's {@code tokenizer.json}; a checkpoint with only {@code vocab.txt} (and
 * {@code tokenizer_config.json}) gets the tokenizer.json HF's fast tokenizer would build from it.
 * Thread-safe; close it to free the native tokenizer.
 */
public final class BertTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final HuggingFaceTokenizer raw;
    private final Builder options;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, HuggingFaceTokenizer raw, Builder options) {
        this.tokenizer = tokenizer;
        this.raw = raw;
        this.options = options;
    }

    /** Encodes one text: [CLS] text [SEP]. */
    public Encoded encode(String text) {
        return convert(tokenizer.encode(text));
    }

    /**
     * Encodes a pair: [CLS] text [SEP] pair [SEP] with type ids 0 then 1.
     *
     * @throws IllegalArgumentException with overflowing windows (a stride) and {@code only_second}
     *     truncation, when the first text leaves no more than {@code stride} tokens for the second
     *     (the native tokenizer would abort the JVM)
     */
    public Encoded encode(String text, String pair) {
        if (options.overflow && options.truncation == Truncation.ONLY_SECOND) {
            int first = raw.encode(text, false, false).getIds().length;
            int room = options.maxLength - 3 - first;
            if (room <= options.stride) {
                throw new IllegalArgumentException("the first text has " + first + " tokens, which leaves " + room
                        + " of maxLength " + options.maxLength + " for windows of the second text with stride "
                        + options.stride + "; shorten it or raise maxLength (first text: '" + abbreviate(text) + "')");
            }
        }
        return convert(tokenizer.encode(text, pair));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Encodes many texts, padded to the longest of them with {@link Builder#optPadToLongest}. Without
     * that padding, text by text on the calling thread: a Spark task keeps to its own cores, while
     * the tokenizers' batch call spreads over every core of the host, where other tasks run their
     * models.
     */
    public List<Encoded> encodeBatch(List<String> texts) {
        List<Encoded> out = new ArrayList<>(texts.size());
        if (options.padding.equals(Builder.PAD_TO_LONGEST)) {
            for (Encoding e : tokenizer.batchEncode(texts)) {
                out.add(convert(e));
            }
        } else {
            for (String text : texts) {
                out.add(encode(text));
            }
        }
        return out;
    }

    /** The id of a token, or -1 if the vocabulary lacks it. */
    public long tokenToId(String token) {
        Encoding e = raw.encode(token, false, false);
        long[] ids = e.getIds();
        String[] tokens = e.getTokens();
        return ids.length == 1 && tokens[0].equals(token) ? ids[0] : -1;
    }

    /** Decodes ids back to text, skipping special tokens. */
    public String decode(long[] ids) {
        return decode(ids, true);
    }

    /** Decodes ids back to text (WordPiece pieces joined, as HF's decode). */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** The token string of an id. */
    public String idToToken(long id) {
        return raw.decode(new long[] {id}, false);
    }

    /** Tokens of a text without special tokens, truncation or padding. */
    public String[] tokenize(String text) {
        return raw.encode(text, false, false).getTokens();
    }

    public int getMaxLength() {
        return options.maxLength;
    }

    public Truncation getTruncation() {
        return options.truncation;
    }

    private static Encoded convert(Encoding e) {
        CharSpan[] spans = e.getCharTokenSpans();
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            starts[i] = spans[i] == null ? -1 : spans[i].getStart();
            ends[i] = spans[i] == null ? -1 : spans[i].getEnd();
        }
        List<Encoded> overflow = new ArrayList<>();
        Encoding[] over = e.getOverflowing();
        if (over != null) {
            for (Encoding o : over) {
                overflow.add(convert(o));
            }
        }
        return new Encoded(e.getIds(), e.getTypeIds(), e.getAttentionMask(), e.getSpecialTokenMask(), e.getWordIds(),
                e.getSequenceIds(), starts, ends, e.getTokens(), List.copyOf(overflow));
    }

    @Override
    public void close() {
        tokenizer.close();
        raw.close();
    }

    /** A builder reading the tokenizer files of a checkpoint folder. */
    public static Builder builder(Path checkpointDir) {
        return new Builder(checkpointDir);
    }

    /** Builder: the folder is required; defaults are max length 512, longest-first truncation, no padding. */
    public static final class Builder {
        /** DJL's padding option for a batch padded to its longest sequence. */
        private static final String PAD_TO_LONGEST = "longest";

        private final Path dir;
        private int maxLength = 512;
        private Truncation truncation = Truncation.LONGEST_FIRST;
        private String padding = "false";
        private int stride;
        private boolean overflow;
        private boolean addSpecialTokens = true;

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder optMaxLength(int n) { maxLength = n; return this; }
        public Builder optTruncation(Truncation t) { truncation = t; return this; }
        /** Pad every batch to its longest sequence. */
        public Builder optPadToLongest() { padding = PAD_TO_LONGEST; return this; }
        /** Pad every sequence to {@code maxLength}. */
        public Builder optPadToMaxLength() { padding = "max_length"; return this; }
        /** Return overflowing windows overlapping by {@code stride} tokens (QA on long contexts). */
        public Builder optStride(int n) { stride = n; overflow = true; return this; }
        public Builder optAddSpecialTokens(boolean b) { addSpecialTokens = b; return this; }

        public BertTokenizer build() throws IOException {
            if (maxLength < 2 && truncation != Truncation.DO_NOT_TRUNCATE) {
                throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
            }
            if (stride < 0 || (overflow && stride >= maxLength - 2)) {
                throw new IllegalArgumentException("stride must be in [0, maxLength - 2), got " + stride
                        + " with maxLength " + maxLength);
            }
            Map<String, String> opts = new HashMap<>();
            opts.put("addSpecialTokens", Boolean.toString(addSpecialTokens));
            opts.put("maxLength", Integer.toString(maxLength));
            opts.put("truncation", truncation == Truncation.DO_NOT_TRUNCATE ? "false" : truncation.hfName());
            opts.put("padding", padding);
            opts.put("stride", Integer.toString(stride));
            opts.put("withOverflowingTokens", Boolean.toString(overflow));
            Map<String, String> rawOpts = new HashMap<>();
            rawOpts.put("addSpecialTokens", "false");
            rawOpts.put("truncation", "false");
            rawOpts.put("padding", "false");
            byte[] json = tokenizerJson(dir);
            HuggingFaceTokenizer main = load(json, opts);
            HuggingFaceTokenizer rawTok = load(json, rawOpts);
            return new BertTokenizer(main, rawTok, this);
        }

        private static HuggingFaceTokenizer load(byte[] json, Map<String, String> opts) throws IOException {
            try (InputStream in = new ByteArrayInputStream(json)) {
                return HuggingFaceTokenizer.newInstance(in, opts);
            }
        }
    }

    /** The tokenizer.json of a checkpoint folder, generated from vocab.txt when absent. */
    static byte[] tokenizerJson(Path dir) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) {
            return Files.readAllBytes(json);
        }
        Path vocab = dir.resolve("vocab.txt");
        if (Files.isRegularFile(vocab)) {
            return VocabTokenizerJson.fromVocab(vocab, dir.resolve("tokenizer_config.json"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        throw new NoSuchFileException(dir.toString(), null, "no tokenizer.json or vocab.txt in this folder");
    }

    @Override
    public String toString() {
        return "BertTokenizer(maxLength=" + options.maxLength + ", truncation=" + options.truncation + ")";
    }
}
