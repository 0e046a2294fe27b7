package dev.sparkbert.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertTokenizerTest {

    private final Path tokenizerDir = Fixtures.dir().resolve("tokenizer");

    /** Sentences with accents, CJK, odd whitespace and punctuation, plus real SST-2 dev sentences. */
    private List<String> sentences() throws IOException {
        List<String> out = new ArrayList<>(List.of("Héllo, WORLD!  It's   naïve café.", "中文句子和 English mixed。",
                "tabs\tand\nnewlines\r\nand\u00a0nbsp", "", "   ", "x" .repeat(150), "don't re-enter 3.14 $5"));
        Path sst = Fixtures.dir().resolve("../../data/sst2/dev.tsv");
        if (Files.exists(sst)) {
            Files.readAllLines(sst).stream().skip(1).limit(300).map(l -> l.split("\t")[0]).forEach(out::add);
        }
        return out;
    }

    @Test
    void vocabTxtOnlyCheckpointTokenizesLikeItsTokenizerJson(@TempDir Path tmp) throws IOException {
        Files.copy(tokenizerDir.resolve("vocab.txt"), tmp.resolve("vocab.txt"));
        Files.copy(tokenizerDir.resolve("tokenizer_config.json"), tmp.resolve("tokenizer_config.json"));
        try (BertTokenizer fromJson = BertTokenizer.builder(tokenizerDir).build();
                BertTokenizer fromVocab = BertTokenizer.builder(tmp).build()) {
            for (String s : sentences()) {
                Encoded a = fromJson.encode(s);
                Encoded b = fromVocab.encode(s);
                assertArrayEquals(a.ids(), b.ids(), "ids of '" + s + "'");
                assertArrayEquals(a.charStarts(), b.charStarts(), "offsets of '" + s + "'");
            }
            assertArrayEquals(fromJson.encode("a b", "c d").typeIds(), fromVocab.encode("a b", "c d").typeIds());
        }
    }

    @Test
    void folderWithoutTokenizerFilesIsRefusedNamingIt(@TempDir Path tmp) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> BertTokenizer.builder(tmp).build());
        assertTrue(e.getMessage().contains(tmp.toString()));
    }

    @Test
    void pairGetsSpecialTokensAndSegmentIds() throws IOException {
        try (BertTokenizer tok = BertTokenizer.builder(tokenizerDir).build()) {
            Encoded e = tok.encode("the cat", "a dog");
            long cls = tok.tokenToId("[CLS]");
            long sep = tok.tokenToId("[SEP]");
            assertEquals(cls, e.ids()[0]);
            assertEquals(sep, e.ids()[e.length() - 1]);
            int firstSep = indexOf(e.ids(), sep);
            for (int i = 0; i < e.length(); i++) {
                assertEquals(i <= firstSep ? 0 : 1, e.typeIds()[i], "type id at " + i);
            }
            assertEquals(-1, e.wordIds()[0]);
            assertEquals(1, e.specialTokensMask()[0]);
        }
    }

    @Test
    void truncationStrategiesKeepWhatTheyPromise() throws IOException {
        String question = "what is the name of the cat";
        String context = "the cat is called tom and it lives in a house with a dog called rex ".repeat(4);
        try (BertTokenizer onlySecond = BertTokenizer.builder(tokenizerDir).optMaxLength(24)
                        .optTruncation(Truncation.ONLY_SECOND).build();
                BertTokenizer longest = BertTokenizer.builder(tokenizerDir).optMaxLength(24).build();
                BertTokenizer none = BertTokenizer.builder(tokenizerDir).optTruncation(Truncation.DO_NOT_TRUNCATE)
                        .build()) {
            Encoded a = onlySecond.encode(question, context);
            assertEquals(24, a.length());
            int questionTokens = onlySecond.tokenize(question).length;
            assertEquals(questionTokens, countSequence(a, 0), "question kept whole");
            Encoded b = longest.encode(question, context);
            assertEquals(24, b.length());
            assertTrue(none.encode(question, context).length() > 24);
        }
    }

    @Test
    void aQuestionLeavingNoRoomForStrideWindowsIsRefusedInsteadOfAbortingTheJvm() throws IOException {
        try (BertTokenizer tok = BertTokenizer.builder(tokenizerDir).optMaxLength(16)
                .optTruncation(Truncation.ONLY_SECOND).optStride(4).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tok.encode("one two three four five six seven eight nine ten", "a short context"));
            assertTrue(e.getMessage().contains("shorten it or raise maxLength"), e.getMessage());
            assertTrue(tok.encode("one two", "a short context").length() <= 16);
        }
    }

    @Test
    void strideWindowsCoverTheWholeContextWithOverlap() throws IOException {
        String context = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
        try (BertTokenizer tok = BertTokenizer.builder(tokenizerDir).optMaxLength(12)
                .optTruncation(Truncation.ONLY_SECOND).optStride(3).build()) {
            Encoded e = tok.encode("which", context);
            assertFalse(e.overflowing().isEmpty(), "long context gives several windows");
            int lastEnd = -1;
            List<Encoded> windows = new ArrayList<>();
            windows.add(e);
            windows.addAll(e.overflowing());
            for (Encoded w : windows) {
                assertTrue(w.length() <= 12);
                for (int i = 0; i < w.length(); i++) {
                    if (w.sequenceIds()[i] == 1) {
                        lastEnd = Math.max(lastEnd, w.charEnds()[i]);
                    }
                }
            }
            assertEquals(context.length(), lastEnd, "windows reach the end of the context");
        }
    }

    @Test
    void offsetsPointBackIntoTheText() throws IOException {
        String text = "Hello wonderful world";
        try (BertTokenizer tok = BertTokenizer.builder(tokenizerDir).build()) {
            Encoded e = tok.encode(text);
            StringBuilder covered = new StringBuilder();
            for (int i = 0; i < e.length(); i++) {
                if (e.charStarts()[i] >= 0) {
                    covered.append(text, e.charStarts()[i], e.charEnds()[i]);
                }
            }
            assertEquals(text.replace(" ", "").toLowerCase(), covered.toString().toLowerCase());
            assertEquals(2, e.wordIds()[e.length() - 2], "last word token belongs to word 2");
        }
    }

    @Test
    void padToMaxLengthPadsWithZeroMask() throws IOException {
        try (BertTokenizer tok = BertTokenizer.builder(tokenizerDir).optMaxLength(16).optPadToMaxLength().build()) {
            Encoded e = tok.encode("short");
            assertEquals(16, e.length());
            assertEquals(0, e.attentionMask()[15]);
            assertEquals(tok.tokenToId("[PAD]"), e.ids()[15]);
            assertEquals(tok.tokenize("short").length + 2, e.tokenCount());
        }
    }

    @Test
    void aBatchIsPaddedToItsLongestOnlyWhenAskedAndOtherwiseEncodesLikeSingleTexts() throws IOException {
        List<String> texts = List.of("short", "a rather longer sentence with many more words in it", "mid length one");
        try (BertTokenizer plain = BertTokenizer.builder(tokenizerDir).build();
                BertTokenizer padded = BertTokenizer.builder(tokenizerDir).optPadToLongest().build()) {
            List<Encoded> each = plain.encodeBatch(texts);
            List<Encoded> longest = padded.encodeBatch(texts);
            int max = each.stream().mapToInt(Encoded::length).max().orElseThrow();
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(plain.encode(texts.get(i)).ids(), each.get(i).ids(), texts.get(i));
                assertEquals(max, longest.get(i).length(), texts.get(i));
                assertArrayEquals(each.get(i).ids(), Arrays.copyOf(longest.get(i).ids(), each.get(i).length()));
            }
            assertTrue(each.get(0).length() < max, "unpadded texts keep their own lengths");
        }
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int countSequence(Encoded e, int seq) {
        int n = 0;
        for (long s : e.sequenceIds()) {
            n += s == seq ? 1 : 0;
        }
        return n;
    }
}
