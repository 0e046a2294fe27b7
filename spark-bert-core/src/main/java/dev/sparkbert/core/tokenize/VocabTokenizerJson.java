package dev.sparkbert.core.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the {@code tokenizer.json} that HF's fast BERT tokenizer builds from a {@code vocab.txt}
 * (BertNormalizer, BertPreTokenizer, WordPiece, [CLS] A [SEP] B [SEP] template), honouring {@code
 * tokenizer_config.json}'s {@code do_lower_case}, {@code strip_accents}, {@code
 * tokenize_chinese_chars} and special tokens.
 */
final class VocabTokenizerJson {

    private VocabTokenizerJson() {}

    static String fromVocab(Path vocabFile, Path tokenizerConfig) throws IOException {
        List<String> vocab = Files.readAllLines(vocabFile, StandardCharsets.UTF_8);
        JsonObject cfg = tokenizerConfig != null && Files.isRegularFile(tokenizerConfig)
                ? JsonParser.parseString(Files.readString(tokenizerConfig)).getAsJsonObject() : new JsonObject();
        String unk = special(cfg, "unk_token", "[UNK]");
        String cls = special(cfg, "cls_token", "[CLS]");
        String sep = special(cfg, "sep_token", "[SEP]");
        String pad = special(cfg, "pad_token", "[PAD]");
        String mask = special(cfg, "mask_token", "[MASK]");
        JsonObject vocabMap = new JsonObject();
        for (int i = 0; i < vocab.size(); i++) {
            String token = vocab.get(i);
            if (!vocabMap.has(token)) {
                vocabMap.addProperty(token, i);
            }
        }
        for (String s : List.of(unk, cls, sep, pad, mask)) {
            if (!vocabMap.has(s)) {
                throw new IllegalArgumentException(vocabFile + ": special token " + s + " is not in the vocabulary");
            }
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (String s : List.of(pad, unk, cls, sep, mask)) {
            JsonObject t = new JsonObject();
            t.addProperty("id", vocabMap.get(s).getAsInt());
            t.addProperty("content", s);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        root.add("added_tokens", added);
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", bool(cfg, "tokenize_chinese_chars", true));
        JsonElement strip = cfg.get("strip_accents");
        normalizer.add("strip_accents", strip == null ? JsonNull.INSTANCE : strip);
        normalizer.addProperty("lowercase", bool(cfg, "do_lower_case", true));
        root.add("normalizer", normalizer);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", pre);
        root.add("post_processor", template(cls, vocabMap.get(cls).getAsInt(), sep, vocabMap.get(sep).getAsInt()));
        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);
        root.add("decoder", decoder);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", unk);
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", 100);
        model.add("vocab", vocabMap);
        root.add("model", model);
        return root.toString();
    }

    private static JsonObject template(String cls, int clsId, String sep, int sepId) {
        JsonObject p = new JsonObject();
        p.addProperty("type", "TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(specialPiece(cls, 0));
        single.add(sequencePiece("A", 0));
        single.add(specialPiece(sep, 0));
        JsonArray pair = single.deepCopy();
        pair.add(sequencePiece("B", 1));
        pair.add(specialPiece(sep, 1));
        p.add("single", single);
        p.add("pair", pair);
        JsonObject specials = new JsonObject();
        specials.add(cls, specialEntry(cls, clsId));
        specials.add(sep, specialEntry(sep, sepId));
        p.add("special_tokens", specials);
        return p;
    }

    private static JsonObject specialPiece(String token, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", token);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("SpecialToken", inner);
        return o;
    }

    private static JsonObject sequencePiece(String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("Sequence", inner);
        return o;
    }

    private static JsonObject specialEntry(String token, int id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", token);
        JsonArray ids = new JsonArray();
        ids.add(id);
        o.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(token);
        o.add("tokens", tokens);
        return o;
    }

    private static String special(JsonObject cfg, String key, String dflt) {
        JsonElement e = cfg.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        // Newer configs store special tokens as AddedToken objects with a "content" field.
        return e.isJsonObject() ? e.getAsJsonObject().get("content").getAsString() : e.getAsString();
    }

    private static boolean bool(JsonObject cfg, String key, boolean dflt) {
        JsonElement e = cfg.get(key);
        return e == null || e.isJsonNull() ? dflt : e.getAsBoolean();
    }
}
