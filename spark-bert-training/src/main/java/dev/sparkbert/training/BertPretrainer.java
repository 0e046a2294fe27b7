package dev.sparkbert.training;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.param.SchemaChecks;
import dev.sparkbert.ml.param.SharedParams;
import dev.sparkbert.training.data.PretrainingExamples;
import dev.sparkbert.training.distributed.Objective;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Pretrains BERT with masked-LM and next-sentence prediction (or masked LM only) on raw text
 * documents, one per row, lines as sentences (see {@link PretrainingExamples} for how examples are
 * made), and returns a {@link BertMaskedLMModel} (fill-mask). The trained checkpoint is a {@code
 * BertForPreTraining} (with NSP) or {@code BertForMaskedLM} that HF opens.
 *
 * <p>Training continues from {@code modelLocation}'s weights, or with {@code fromScratch} starts
 * from HF's initialisation of that model's config (seeded by {@code seed}); the new weights are
 * written under {@code checkpointDir} (which executors must be able to read on a cluster).
 */
public class BertPretrainer extends BertEstimator<BertMaskedLMModel, BertPretrainer> {

    private static final long serialVersionUID = 1L;

    private final Param<String> textCol = SharedParams.column(this, "textCol", "document column (lines are sentences)");
    private final BooleanParam nextSentencePrediction = new BooleanParam(this, "nextSentencePrediction",
            "also train next-sentence prediction (BertForPreTraining); else masked LM only");
    private final DoubleParam mlmProbability = new DoubleParam(this, "mlmProbability",
            "share of tokens chosen for masked-LM prediction", ParamValidators.inRange(0, 1, false, true));
    private final BooleanParam wholeWordMask = new BooleanParam(this, "wholeWordMask",
            "choose whole words (a token and its ## continuations) for masking");
    private final BooleanParam fromScratch = new BooleanParam(this, "fromScratch",
            "start from newly initialised weights of the model's config instead of its weights");

    public BertPretrainer() {
        this(Identifiable.randomUID("bertPretrainer"));
    }

    public BertPretrainer(String uid) {
        super(uid);
        setDefault(textCol, "text");
        setDefault(nextSentencePrediction, true);
        setDefault(mlmProbability, 0.15);
        setDefault(wholeWordMask, false);
        setDefault(fromScratch, false);
    }

    public Param<String> textCol() { return textCol; }
    public BooleanParam nextSentencePrediction() { return nextSentencePrediction; }
    public DoubleParam mlmProbability() { return mlmProbability; }
    public BooleanParam wholeWordMask() { return wholeWordMask; }
    public BooleanParam fromScratch() { return fromScratch; }

    public BertPretrainer setTextCol(String v) { set(textCol, v); return this; }
    public BertPretrainer setNextSentencePrediction(boolean v) { set(nextSentencePrediction, v); return this; }
    public BertPretrainer setMlmProbability(double v) { set(mlmProbability, v); return this; }
    public BertPretrainer setWholeWordMask(boolean v) { set(wholeWordMask, v); return this; }
    public BertPretrainer setFromScratch(boolean v) { set(fromScratch, v); return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    private StructType validateAndTransformSchema(StructType schema) {
        SchemaChecks.requireColumn(schema, "textCol", getOrDefault(textCol), DataTypes.StringType);
        return schema;
    }

    @Override
    public BertMaskedLMModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String col = getOrDefault(textCol);
        // Null documents are skipped, as empty ones are: they hold no text to learn from.
        Dataset<Row> data = dataset.toDF().select(col).filter(functions.col(col).isNotNull());
        boolean nsp = (Boolean) getOrDefault(nextSentencePrediction);
        Objective objective = nsp ? Objective.PRETRAINING : Objective.MASKED_LM;
        BertConfig config = startingConfig(data).toBuilder().optArchitectures(objective.architecture()).build();
        String start = (Boolean) getOrDefault(fromScratch) ? initialCheckpoint(config, objective) : getOrDefault(modelLocation());
        PretrainingExamples maker = new PretrainingExamples(nsp, (Double) getOrDefault(mlmProbability),
                (Boolean) getOrDefault(wholeWordMask), longOf(seed()), config.getVocabSize());
        String out = train(start, data, objective, config, 0, (r, tok, examples) -> maker.add(r.getString(0), tok, examples));
        BertMaskedLMModel model = BertMaskedLMModel.fromPretrained(out).setTextCol(col)
                .setMaxLength(effectiveMaxLength(config)).setBatchSize(intOf(batchSize()))
                .setHandleInvalid(getOrDefault(handleInvalid()));
        model.setParent(this);
        return model;
    }

    /** Writes newly initialised weights of {@code config} (with the starting model's tokenizer) for the replicas. */
    private String initialCheckpoint(BertConfig config, Objective objective) {
        try {
            Path source = ModelLocation.localCopy(getOrDefault(modelLocation()), new Configuration());
            Path local = Files.createTempDirectory("spark-bert-init");
            try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
                BertNetwork net = BertHeads.create(objective.architecture(), config);
                BertWeights.initialize(net, manager, longOf(seed()));
                BertWeights.save(net, local);
            }
            for (String f : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
                if (Files.isRegularFile(source.resolve(f))) {
                    Files.copy(source.resolve(f), local.resolve(f));
                }
            }
            if (getOrDefault(checkpointDir()).isEmpty()) {
                return local.toString();
            }
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(getOrDefault(checkpointDir()), "init-" + uid());
            target.getFileSystem(new Configuration()).copyFromLocalFile(true, true,
                    new org.apache.hadoop.fs.Path(local.toUri()), target);
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial weights", e);
        }
    }

    @Override
    public BertPretrainer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
