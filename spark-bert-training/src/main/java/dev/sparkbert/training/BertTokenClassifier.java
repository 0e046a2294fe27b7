package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.param.HasWordsAndTags;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import dev.sparkbert.ml.token.TokenClassificationParams;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.data.LabelIndex;
import dev.sparkbert.training.data.RowChecks;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Fine-tunes BERT for token classification (NER, tagging) on pre-split words with one tag per
 * word (BIO, as CoNLL files have them), and returns a {@link BertTokenClassificationModel} that tags
 * raw text.
 *
 * <p>As HF's {@code run_ner} with {@code label_all_tokens=False}: the words are tokenized, each
 * word's tag goes on its first sub-word token, and the other sub-words and the special tokens get
 * -100 (ignored by the loss). Tag names become {@code id2label} in sorted order. Words longer than
 * {@code maxLength} tokens allow are truncated with their tags. Only first sub-words are trained,
 * so {@code aggregationStrategy} defaults to {@code first} here.
 */
public class BertTokenClassifier extends BertEstimator<BertTokenClassificationModel, BertTokenClassifier>
        implements TokenClassificationParams<BertTokenClassifier>, HasWordsAndTags<BertTokenClassifier> {

    private static final long serialVersionUID = 1L;

    public BertTokenClassifier() {
        this(Identifiable.randomUID("bertTokenClsTrainer"));
    }

    public BertTokenClassifier(String uid) {
        super(uid);
        // Only first sub-words are trained, so the model groups entities by their first sub-word.
        setDefault(aggregationStrategy(), "first");
    }

    /**
     * Checks the training columns (words and tags); the fitted model tags raw text, so where the
     * data also has its {@code textCol} the model's outputs are added.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        requireWordsAndTags(schema);
        return Arrays.asList(schema.fieldNames()).contains(getTextCol()) ? validateAndTransformSchema(schema) : schema;
    }

    @Override
    public BertTokenClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String words = getWordsCol();
        String tags = getTagsCol();
        Dataset<Row> data = dataset.toDF().select(words, tags);
        rowRules(RowChecks.on(data, "training").notNull(words, tags), data.schema()).check();
        List<String> labels = new ArrayList<>();
        data.select(functions.explode(functions.col(tags))).distinct().orderBy("col").collectAsList()
                .forEach(r -> labels.add(r.getString(0)));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("tagsCol: token classification needs at least 2 tags, found " + labels);
        }
        BertConfig config = startingConfig(data).toBuilder().optArchitectures("BertForTokenClassification")
                .optLabels(labels).build();
        String out = train(data, Objective.TOKEN_CLASSIFICATION, config, 0, (r, tok, examples) -> {
            List<String> w = r.getList(0);
            List<String> t = r.getList(1);
            Encoded e = tok.encode(String.join(" ", w));
            long[] tagIds = new long[t.size()];
            for (int i = 0; i < tagIds.length; i++) {
                tagIds[i] = LabelIndex.of(labels, t.get(i), "tagsCol", r);
            }
            long[] tokenLabels = alignLabels(e, w, tagIds);
            examples.add(Example.unplaced(e.ids(), e.typeIds(), e.attentionMask(), 1, -1, null, tokenLabels, -1));
        });
        BertTokenClassificationModel model = new BertTokenClassificationModel(uid());
        return fitted(model, out, config, model.tagsCol());
    }

    /**
     * The label of each token of {@code e} (the words joined by single spaces): the word's tag id
     * ({@code tagIds}, one per word) on its first token, -100 on its other tokens and on special tokens.
     */
    static long[] alignLabels(Encoded e, List<String> words, long[] tagIds) {
        int[] wordStart = new int[words.size()];
        int at = 0;
        for (int i = 0; i < words.size(); i++) {
            wordStart[i] = at;
            at += words.get(i).length() + 1;
        }
        long[] out = new long[e.length()];
        Arrays.fill(out, Losses.IGNORE_INDEX);
        int lastWord = -1;
        for (int k = 0; k < e.length(); k++) {
            int start = e.charStarts()[k];
            if (start < 0 || e.specialTokensMask()[k] == 1) {
                continue;
            }
            int pos = Arrays.binarySearch(wordStart, start);
            int word = pos >= 0 ? pos : -pos - 2;
            if (word != lastWord) {
                out[k] = tagIds[word];
                lastWord = word;
            }
        }
        return out;
    }

    /** Every word needs one tag, not null. */
    @Override
    protected RowChecks rowRules(RowChecks checks, StructType schema) {
        String words = getWordsCol();
        String tags = getTagsCol();
        return checks.rule(functions.size(functions.col(words)).notEqual(functions.size(functions.col(tags))),
                "have a different number of words ('" + words + "') and tags ('" + tags + "')")
                .rule(functions.exists(functions.col(tags), Column::isNull), "have a null tag in '" + tags
                        + "' (every word needs a tag)");
    }

    @Override
    public BertTokenClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<BertTokenClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static BertTokenClassifier load(String path) {
        return read().load(path);
    }
}
