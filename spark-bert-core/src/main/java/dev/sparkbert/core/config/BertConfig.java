package dev.sparkbert.core.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable configuration of a BERT model, read from and written to a Hugging Face {@code
 * config.json}.
 *
 * <p>Every BERT field has a typed accessor; fields this class does not know (generation settings,
 * {@code transformers_version}, custom keys) are kept verbatim and written back by {@link
 * #toJson()}, so a load/save round trip loses nothing. Defaults are those of HF {@code
 * BertConfig.__init__}. Sizes are in elements, probabilities in [0, 1].
 */
public final class BertConfig {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** Activation names HF's {@code ACT2FN} maps that BERT checkpoints use. */
    public static final List<String> SUPPORTED_ACTIVATIONS =
            List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu", "relu",
                    "silu", "swish", "tanh", "sigmoid", "linear");

    private final JsonObject raw;
    private final int vocabSize;
    private final int hiddenSize;
    private final int numHiddenLayers;
    private final int numAttentionHeads;
    private final int intermediateSize;
    private final String hiddenAct;
    private final double hiddenDropoutProb;
    private final double attentionProbsDropoutProb;
    private final Double classifierDropout;
    private final int maxPositionEmbeddings;
    private final int typeVocabSize;
    private final double initializerRange;
    private final double layerNormEps;
    private final int padTokenId;
    private final boolean isDecoder;
    private final String positionEmbeddingType;
    private final Map<Integer, String> id2label;
    private final ProblemType problemType;
    private final List<String> architectures;
    private final boolean tieWordEmbeddings;

    private BertConfig(JsonObject json) {
        this.raw = json.deepCopy();
        vocabSize = requiredInt("vocab_size");
        hiddenSize = requiredInt("hidden_size");
        numHiddenLayers = requiredInt("num_hidden_layers");
        numAttentionHeads = requiredInt("num_attention_heads");
        intermediateSize = requiredInt("intermediate_size");
        hiddenAct = string("hidden_act", "gelu");
        hiddenDropoutProb = number("hidden_dropout_prob", 0.1);
        attentionProbsDropoutProb = number("attention_probs_dropout_prob", 0.1);
        classifierDropout = isSet("classifier_dropout") ? number("classifier_dropout", 0.0) : null;
        maxPositionEmbeddings = integer("max_position_embeddings", 512);
        typeVocabSize = integer("type_vocab_size", 2);
        initializerRange = number("initializer_range", 0.02);
        layerNormEps = number("layer_norm_eps", 1e-12);
        padTokenId = integer("pad_token_id", 0);
        isDecoder = bool("is_decoder", false);
        positionEmbeddingType = string("position_embedding_type", "absolute");
        problemType = isSet("problem_type") ? problemType(string("problem_type", null)) : null;
        tieWordEmbeddings = bool("tie_word_embeddings", true);
        architectures = readArchitectures();
        id2label = readLabels();
        validate();
    }

    /** Parses the text of a {@code config.json}. */
    public static BertConfig fromJson(String json) {
        JsonElement element;
        try {
            element = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("config.json is not valid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("config.json must hold a JSON object");
        }
        return new BertConfig(element.getAsJsonObject());
    }

    /** Reads {@code config.json} from a file, or from {@code dir/config.json} if given a folder. */
    public static BertConfig read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this configuration as {@code config.json} into a folder (or to the given file). */
    public void write(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** The HF {@code config.json} text: every known field plus every unknown field kept from the source. */
    public String toJson() {
        JsonObject out = raw.deepCopy();
        out.addProperty("model_type", raw.has("model_type") ? raw.get("model_type").getAsString() : "bert");
        out.add("id2label", labelsToJson());
        JsonObject label2id = new JsonObject();
        id2label.forEach((id, label) -> label2id.addProperty(label, id));
        out.add("label2id", label2id);
        out.remove("num_labels"); // HF derives it from id2label and never writes it
        return GSON.toJson(sortedCopy(out));
    }

    /** A builder starting from HF's defaults; the five size fields must be set. */
    public static Builder builder() {
        return new Builder(new JsonObject());
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(JsonParser.parseString(toJson()).getAsJsonObject());
    }

    public int getVocabSize() { return vocabSize; }
    public int getHiddenSize() { return hiddenSize; }
    public int getNumHiddenLayers() { return numHiddenLayers; }
    public int getNumAttentionHeads() { return numAttentionHeads; }
    /** Size of one attention head: hidden size / number of heads. */
    public int getAttentionHeadSize() { return hiddenSize / numAttentionHeads; }
    public int getIntermediateSize() { return intermediateSize; }
    public String getHiddenAct() { return hiddenAct; }
    public double getHiddenDropoutProb() { return hiddenDropoutProb; }
    public double getAttentionProbsDropoutProb() { return attentionProbsDropoutProb; }
    /** {@code classifier_dropout}, or null when the config leaves it to {@code hidden_dropout_prob}. */
    public Double getClassifierDropout() { return classifierDropout; }
    /** The dropout a classification head applies: {@code classifier_dropout} if set, else hidden dropout. */
    public double getEffectiveClassifierDropout() {
        return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
    }
    public int getMaxPositionEmbeddings() { return maxPositionEmbeddings; }
    public int getTypeVocabSize() { return typeVocabSize; }
    public double getInitializerRange() { return initializerRange; }
    public double getLayerNormEps() { return layerNormEps; }
    public int getPadTokenId() { return padTokenId; }
    public boolean isDecoder() { return isDecoder; }
    public String getPositionEmbeddingType() { return positionEmbeddingType; }
    /** Number of labels: the size of {@code id2label} (HF's {@code num_labels}). */
    public int getNumLabels() { return id2label.size(); }
    /** Label names by class index, in index order. */
    public Map<Integer, String> getId2label() { return id2label; }
    /** Class indices by label name. */
    public Map<String, Integer> getLabel2id() {
        Map<String, Integer> out = new LinkedHashMap<>();
        id2label.forEach((id, label) -> out.put(label, id));
        return Collections.unmodifiableMap(out);
    }
    /** {@code problem_type} as written in the config, or null when HF infers it from the labels ({@link ProblemType#of}). */
    public ProblemType getProblemType() { return problemType; }
    public List<String> getArchitectures() { return architectures; }
    public boolean isTieWordEmbeddings() { return tieWordEmbeddings; }
    /** The value of any field, known or not, or null if absent. */
    public JsonElement get(String field) {
        JsonElement e = raw.get(field);
        return e == null ? null : e.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BertConfig && toJson().equals(((BertConfig) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "BertConfig" + toJson();
    }

    private void validate() {
        if (hiddenSize <= 0 || numHiddenLayers < 0 || numAttentionHeads <= 0 || intermediateSize <= 0
                || vocabSize <= 0) {
            throw new IllegalArgumentException("config.json: sizes must be positive (vocab_size=" + vocabSize
                    + ", hidden_size=" + hiddenSize + ", num_hidden_layers=" + numHiddenLayers
                    + ", num_attention_heads=" + numAttentionHeads + ", intermediate_size=" + intermediateSize + ")");
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("config.json: hidden_size (" + hiddenSize
                    + ") is not a multiple of num_attention_heads (" + numAttentionHeads + ")");
        }
        if (!"absolute".equals(positionEmbeddingType)) {
            throw new IllegalArgumentException("config.json: position_embedding_type '" + positionEmbeddingType
                    + "' is not supported (only 'absolute')");
        }
        if (!SUPPORTED_ACTIVATIONS.contains(hiddenAct)) {
            throw new IllegalArgumentException("config.json: hidden_act '" + hiddenAct
                    + "' is not supported; supported: " + SUPPORTED_ACTIVATIONS);
        }
        if (maxPositionEmbeddings <= 0 || typeVocabSize <= 0) {
            throw new IllegalArgumentException("config.json: max_position_embeddings and type_vocab_size must be"
                    + " positive");
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException("config.json: pad_token_id " + padTokenId
                    + " is outside the vocabulary [0, " + vocabSize + ")");
        }
        checkProbability("hidden_dropout_prob", hiddenDropoutProb);
        checkProbability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (classifierDropout != null) {
            checkProbability("classifier_dropout", classifierDropout);
        }
    }

    private static ProblemType problemType(String hfName) {
        try {
            return ProblemType.parse(hfName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.json: " + e.getMessage(), e);
        }
    }

    private static void checkProbability(String field, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("config.json: " + field + " must be in [0, 1), got " + p);
        }
    }

    private boolean isSet(String field) {
        return raw.has(field) && !raw.get(field).isJsonNull();
    }

    private JsonPrimitive primitive(String field) {
        JsonElement e = raw.get(field);
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("config.json: field '" + field + "' must be a scalar, got " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private int requiredInt(String field) {
        if (!isSet(field)) {
            throw new IllegalArgumentException("config.json: required field '" + field + "' is missing");
        }
        return integer(field, 0);
    }

    private int integer(String field, int dflt) {
        if (!isSet(field)) {
            return dflt;
        }
        JsonPrimitive p = primitive(field);
        if (!p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble())) {
            throw new IllegalArgumentException("config.json: field '" + field + "' must be an integer, got " + p);
        }
        return p.getAsInt();
    }

    private double number(String field, double dflt) {
        if (!isSet(field)) {
            return dflt;
        }
        JsonPrimitive p = primitive(field);
        if (!p.isNumber()) {
            throw new IllegalArgumentException("config.json: field '" + field + "' must be a number, got " + p);
        }
        return p.getAsDouble();
    }

    private String string(String field, String dflt) {
        if (!isSet(field)) {
            return dflt;
        }
        JsonPrimitive p = primitive(field);
        if (!p.isString()) {
            throw new IllegalArgumentException("config.json: field '" + field + "' must be a string, got " + p);
        }
        return p.getAsString();
    }

    private boolean bool(String field, boolean dflt) {
        if (!isSet(field)) {
            return dflt;
        }
        JsonPrimitive p = primitive(field);
        if (!p.isBoolean()) {
            throw new IllegalArgumentException("config.json: field '" + field + "' must be true or false, got " + p);
        }
        return p.getAsBoolean();
    }

    private List<String> readArchitectures() {
        if (!isSet("architectures")) {
            return List.of();
        }
        if (!raw.get("architectures").isJsonArray()) {
            throw new IllegalArgumentException("config.json: field 'architectures' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement e : raw.getAsJsonArray("architectures")) {
            out.add(e.getAsString());
        }
        return Collections.unmodifiableList(out);
    }

    /** id2label wins; else label2id; else num_labels generic names; else HF's default of 2. */
    private Map<Integer, String> readLabels() {
        Map<Integer, String> labels = new TreeMap<>();
        if (isSet("id2label")) {
            if (!raw.get("id2label").isJsonObject()) {
                throw new IllegalArgumentException("config.json: field 'id2label' must be an object");
            }
            for (Map.Entry<String, JsonElement> e : raw.getAsJsonObject("id2label").entrySet()) {
                try {
                    labels.put(Integer.parseInt(e.getKey()), e.getValue().getAsString());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("config.json: id2label key '" + e.getKey()
                            + "' is not an integer");
                }
            }
        } else if (isSet("label2id")) {
            for (Map.Entry<String, JsonElement> e : raw.getAsJsonObject("label2id").entrySet()) {
                labels.put(e.getValue().getAsInt(), e.getKey());
            }
        } else {
            int n = integer("num_labels", 2);
            for (int i = 0; i < n; i++) {
                labels.put(i, "LABEL_" + i);
            }
        }
        if (isSet("num_labels") && integer("num_labels", 0) != labels.size()) {
            throw new IllegalArgumentException("config.json: num_labels (" + integer("num_labels", 0)
                    + ") disagrees with id2label (" + labels.size() + " labels)");
        }
        int expected = 0;
        for (int id : labels.keySet()) {
            if (id != expected++) {
                throw new IllegalArgumentException("config.json: id2label ids must be 0.." + (labels.size() - 1)
                        + ", got " + labels.keySet());
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("config.json: num_labels must be at least 1");
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    private JsonObject labelsToJson() {
        JsonObject o = new JsonObject();
        id2label.forEach((id, label) -> o.addProperty(Integer.toString(id), label));
        return o;
    }

    private static JsonObject sortedCopy(JsonObject o) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(o.asMap()).forEach(sorted::add);
        return sorted;
    }

    /** Builds a {@link BertConfig}; {@code setX} for the required sizes, {@code optX} for the rest. */
    public static final class Builder {
        private final JsonObject json;

        private Builder(JsonObject json) {
            this.json = json;
        }

        public Builder setVocabSize(int v) { json.addProperty("vocab_size", v); return this; }
        public Builder setHiddenSize(int v) { json.addProperty("hidden_size", v); return this; }
        public Builder setNumHiddenLayers(int v) { json.addProperty("num_hidden_layers", v); return this; }
        public Builder setNumAttentionHeads(int v) { json.addProperty("num_attention_heads", v); return this; }
        public Builder setIntermediateSize(int v) { json.addProperty("intermediate_size", v); return this; }
        public Builder optHiddenAct(String v) { json.addProperty("hidden_act", v); return this; }
        public Builder optHiddenDropoutProb(double v) { json.addProperty("hidden_dropout_prob", v); return this; }
        public Builder optAttentionProbsDropoutProb(double v) {
            json.addProperty("attention_probs_dropout_prob", v);
            return this;
        }
        public Builder optClassifierDropout(Double v) {
            json.add("classifier_dropout", v == null ? JsonNull.INSTANCE : new JsonPrimitive(v));
            return this;
        }
        public Builder optMaxPositionEmbeddings(int v) { json.addProperty("max_position_embeddings", v); return this; }
        public Builder optTypeVocabSize(int v) { json.addProperty("type_vocab_size", v); return this; }
        public Builder optInitializerRange(double v) { json.addProperty("initializer_range", v); return this; }
        public Builder optLayerNormEps(double v) { json.addProperty("layer_norm_eps", v); return this; }
        public Builder optPadTokenId(int v) { json.addProperty("pad_token_id", v); return this; }
        public Builder optIsDecoder(boolean v) { json.addProperty("is_decoder", v); return this; }
        public Builder optTieWordEmbeddings(boolean v) { json.addProperty("tie_word_embeddings", v); return this; }
        public Builder optProblemType(ProblemType v) {
            json.add("problem_type", v == null ? JsonNull.INSTANCE : new JsonPrimitive(v.hfName()));
            return this;
        }
        public Builder optArchitectures(String... names) {
            JsonArray a = new JsonArray();
            for (String n : names) {
                a.add(n);
            }
            json.add("architectures", a);
            return this;
        }

        /** Sets the labels; ids are the list positions. */
        public Builder optLabels(List<String> labels) {
            JsonObject id2label = new JsonObject();
            for (int i = 0; i < labels.size(); i++) {
                id2label.addProperty(Integer.toString(i), labels.get(i));
            }
            json.add("id2label", id2label);
            json.remove("label2id");
            json.remove("num_labels");
            return this;
        }

        /** Sets {@code num_labels} with HF's generic names {@code LABEL_i}. */
        public Builder optNumLabels(int n) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                labels.add("LABEL_" + i);
            }
            return optLabels(labels);
        }

        /** Sets any other field verbatim. */
        public Builder optField(String name, JsonElement value) { json.add(name, value); return this; }

        public BertConfig build() {
            return new BertConfig(json);
        }
    }
}
