package dev.sparkbert.training;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.exec.HadoopConf;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.lm.MaskedLMParams;
import dev.sparkbert.training.data.MlmMasking;
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
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
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
public class BertPretrainer extends BertEstimator<BertMaskedLMModel, BertPretrainer>
        implements MaskedLMParams<BertPretrainer> {

    private static final long serialVersionUID = 1L;

    public BertPretrainer() {
        this(Identifiable.randomUID("bertPretrainer"));
    }

    public BertPretrainer(String uid) {
        super(uid);
    }

    public BooleanParam nextSentencePrediction() {
        return booleanParam("nextSentencePrediction", "also train next-sentence prediction (BertForPreTraining); else"
                + " masked LM only", true);
    }

    public DoubleParam mlmProbability() {
        return doubleParam("mlmProbability", "share of tokens chosen for masked-LM prediction", 0.15,
                ParamValidators.inRange(0, 1, false, true));
    }

    public BooleanParam wholeWordMask() {
        return booleanParam("wholeWordMask", "choose whole words (a token and its ## continuations) for masking", false);
    }

    public BooleanParam staticMasking() {
        return booleanParam("staticMasking", "draw each example's masks once, as the original BERT; else new masks"
                + " every epoch, as HF's DataCollatorForLanguageModeling", false);
    }

    public BooleanParam fromScratch() {
        return booleanParam("fromScratch", "start from newly initialised weights of the model's config instead of its"
                + " weights", false);
    }

    public boolean getNextSentencePrediction() {
        return (Boolean) getOrDefault(nextSentencePrediction());
    }

    public double getMlmProbability() {
        return (Double) getOrDefault(mlmProbability());
    }

    public boolean getWholeWordMask() {
        return (Boolean) getOrDefault(wholeWordMask());
    }

    public boolean getStaticMasking() {
        return (Boolean) getOrDefault(staticMasking());
    }

    public boolean getFromScratch() {
        return (Boolean) getOrDefault(fromScratch());
    }

    public BertPretrainer setNextSentencePrediction(boolean value) {
        return with(nextSentencePrediction(), value);
    }

    public BertPretrainer setMlmProbability(double value) {
        return with(mlmProbability(), value);
    }

    public BertPretrainer setWholeWordMask(boolean value) {
        return with(wholeWordMask(), value);
    }

    public BertPretrainer setStaticMasking(boolean value) {
        return with(staticMasking(), value);
    }

    public BertPretrainer setFromScratch(boolean value) {
        return with(fromScratch(), value);
    }

    /** The fill-mask model's schema on the documents ({@code textCol}, lines are sentences). */
    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public BertMaskedLMModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String col = getTextCol();
        // Null documents are skipped, as empty ones are: they hold no text to learn from.
        Dataset<Row> data = dataset.toDF().select(col).filter(functions.col(col).isNotNull());
        boolean nsp = getNextSentencePrediction();
        Objective objective = nsp ? Objective.PRETRAINING : Objective.MASKED_LM;
        BertConfig config = startingConfig(data).toBuilder().optArchitectures(objective.architecture()).build();
        String start = getFromScratch() ? initialCheckpoint(config, objective, HadoopConf.driver()) : getModelLocation();
        MlmMasking masking;
        try (BertTokenizer tok = BertTokenizer.builder(ModelLocation.localCopy(start, HadoopConf.driver())).build()) {
            masking = MlmMasking.of(tok, getMlmProbability(), getWholeWordMask(), config.getVocabSize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer of " + start, e);
        }
        boolean fixed = getStaticMasking();
        PretrainingExamples maker = new PretrainingExamples(nsp, fixed ? masking : null, getSeed());
        String out = train(start, data, objective, config, 0, (r, tok, examples) -> maker.add(r.getString(0), tok, examples),
                fixed ? null : masking);
        return fitted(new BertMaskedLMModel(uid()), out, config);
    }

    /** Writes newly initialised weights of {@code config} (with the starting model's tokenizer) for the replicas. */
    private String initialCheckpoint(BertConfig config, Objective objective, Configuration hadoop) {
        try {
            Path source = ModelLocation.localCopy(getModelLocation(), hadoop);
            Path local = Files.createTempDirectory("spark-bert-init");
            try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
                BertNetwork net = BertHeads.create(objective.architecture(), config);
                BertWeights.initialize(net, manager, getSeed());
                BertWeights.save(net, local);
            }
            for (String f : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
                if (Files.isRegularFile(source.resolve(f))) {
                    Files.copy(source.resolve(f), local.resolve(f));
                }
            }
            if (getCheckpointDir().isEmpty()) {
                LocalFolders.deleteAtExit(local);
                return local.toString();
            }
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(getCheckpointDir(), "init-" + uid());
            target.getFileSystem(hadoop).copyFromLocalFile(true, true,
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

    public static MLReader<BertPretrainer> read() {
        return new DefaultParamsReader<>();
    }

    public static BertPretrainer load(String path) {
        return read().load(path);
    }
}
