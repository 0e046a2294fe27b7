package dev.sparkbert.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.util.Engines;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.LoadReport;
import dev.sparkbert.core.weights.SafeTensors;
import dev.sparkbert.core.config.BertConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of a fixture set's {@code manifest.json} against what Hugging Face computed:
 * forward outputs and losses of every head, the six schedules, and the training trajectories
 * replayed step by step. The set is {@code -Dsparkbert.fixtures=DIR} (default: the shared tiny BERT);
 * nothing here depends on its sizes or vocabulary.
 */
class HfParityTest {

    private final Path dir = Fixtures.dir();

    @TestFactory
    Stream<DynamicTest> everyManifestCaseMatchesHuggingFace() throws IOException {
        JsonObject manifest = Fixtures.json(dir.resolve("manifest.json"));
        JsonObject tol = manifest.getAsJsonObject("tolerance");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : manifest.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            String arch = c.get("hf_class").getAsString();
            if (c.has("kind") && c.get("kind").getAsString().equals("trajectory")) {
                tests.add(DynamicTest.dynamicTest(name + " trajectory", () -> replayTrajectory(dir.resolve(name), arch, tol)));
            } else {
                tests.add(DynamicTest.dynamicTest(name + " forward", () -> checkForward(dir.resolve(name), arch, c, tol)));
            }
        }
        if (java.nio.file.Files.exists(dir.resolve("schedules.json"))) {
            tests.add(DynamicTest.dynamicTest("schedules", this::checkSchedules));
        }
        return tests.stream();
    }

    private void checkForward(Path caseDir, String arch, JsonObject c, JsonObject tol) throws IOException {
        Engines.noGradOnThisThread();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BertConfig config = BertConfig.read(caseDir);
            BertNetwork net = BertHeads.create(arch, config);
            LoadReport report = BertWeights.load(net, caseDir, manager, 0);
            assertEquals(List.of(), report.newlyInitialized(), "weights missing from the fixture checkpoint");
            assertEquals(List.of(), report.unused(), "fixture weights not used");
            SafeTensors caseFile = SafeTensors.open(caseDir.resolve("case.safetensors"));
            Map<String, NDArray> t = caseFile.readAll(manager);
            NDArray labels = t.get("input.labels");
            BertInputs.Builder in = BertInputs.builder()
                    .setInputIds(t.get("input.input_ids"))
                    .optTokenTypeIds(t.get("input.token_type_ids"))
                    .optAttentionMask(t.get("input.attention_mask"))
                    .optLabels(labels)
                    .optNextSentenceLabel(t.get("input.next_sentence_label"))
                    .optStartPositions(t.get("input.start_positions"))
                    .optEndPositions(t.get("input.end_positions"))
                    .optOutputHiddenStates(true);
            HeadOutput out = net.forward(in.build());
            double fwdTol = tol.get("forward_abs").getAsDouble();
            double lossTol = tol.get("loss_rel").getAsDouble();
            for (JsonElement x : c.getAsJsonArray("expected")) {
                String key = x.getAsString();
                NDArray expected = t.get("expected." + key);
                if (key.equals("loss")) {
                    double rel = Fixtures.relDiff(out.loss().getFloat(), expected.getFloat());
                    assertTrue(rel <= lossTol, caseDir.getFileName() + " loss " + out.loss().getFloat()
                            + " vs HF " + expected.getFloat());
                    continue;
                }
                NDArray actual = key.startsWith("hidden_states.")
                        ? out.hiddenStates().get(Integer.parseInt(key.substring("hidden_states.".length())))
                        : out.get(key);
                double diff = Fixtures.maxAbsDiff(actual, expected);
                assertTrue(diff <= fwdTol, caseDir.getFileName() + " " + key + " differs from HF by " + diff);
            }
            if (LABELLED_LOGITS.containsKey(arch)) {
                checkLogitsAtLabelsOnly(net, in, t, LABELLED_LOGITS.get(arch), fwdTol, lossTol);
            }
        }
    }

    /** Masked-LM heads and the output holding their vocabulary logits. */
    private static final Map<String, String> LABELLED_LOGITS = Map.of("BertForMaskedLM", "logits",
            "BertForPreTraining", "prediction_logits");

    /** With the decoder at labelled positions only, the loss is HF's and the logits are HF's rows there. */
    private static void checkLogitsAtLabelsOnly(BertNetwork net, BertInputs.Builder in, Map<String, NDArray> t,
            String output, double fwdTol, double lossTol) {
        HeadOutput out = net.forward(in.optLogitsAtLabelsOnly(true).build());
        NDArray labels = t.get("input.labels");
        NDArray expected = t.get("expected." + output);
        NDArray rows = expected.reshape(-1, expected.getShape().get(2)).get(labels.reshape(-1).neq(-100));
        assertTrue(rows.getShape().get(0) > 0 && rows.getShape().get(0) < labels.size(), "some positions labelled");
        assertEquals(rows.getShape(), out.get(output).getShape());
        double diff = Fixtures.maxAbsDiff(out.get(output), rows);
        assertTrue(diff <= fwdTol, output + " at labelled positions differ from HF by " + diff);
        double rel = Fixtures.relDiff(out.loss().getFloat(), t.get("expected.loss").getFloat());
        assertTrue(rel <= lossTol, output + " loss at labelled positions " + out.loss().getFloat());
    }

    private void checkSchedules() throws IOException {
        JsonObject s = Fixtures.json(dir.resolve("schedules.json"));
        double base = s.get("base_lr").getAsDouble();
        int warmup = s.get("num_warmup_steps").getAsInt();
        int total = s.get("num_training_steps").getAsInt();
        for (Map.Entry<String, JsonElement> e : s.getAsJsonObject("lr").entrySet()) {
            LrSchedule.Builder b = LrSchedule.builder().setType(e.getKey()).setTotalSteps(total)
                    .optWarmupSteps(warmup).optBaseLearningRate(base)
                    .optLrEnd(s.get("polynomial_lr_end").getAsDouble())
                    .optPower(s.get("polynomial_power").getAsDouble());
            if (e.getKey().equals("cosine_with_restarts")) {
                b.optNumCycles(s.get("cosine_with_restarts_num_cycles").getAsDouble());
            }
            LrSchedule schedule = b.build();
            JsonArray expected = e.getValue().getAsJsonArray();
            for (int step = 0; step < expected.size(); step++) {
                assertEquals(expected.get(step).getAsDouble(), schedule.learningRate(step), 1e-6,
                        e.getKey() + " at step " + step);
            }
        }
    }

    private void replayTrajectory(Path trajDir, String arch, JsonObject tol) throws IOException {
        JsonObject traj = Fixtures.json(trajDir.resolve("trajectory.json"));
        int steps = traj.get("steps").getAsInt();
        double lossTol = tol.get("loss_rel").getAsDouble();
        double weightTol = tol.get("weights_abs").getAsDouble();
        List<String> noDecay = new ArrayList<>();
        traj.getAsJsonArray("no_decay").forEach(x -> noDecay.add(x.getAsString()));
        LrSchedule schedule = LrSchedule.builder().setType(traj.get("scheduler").getAsString())
                .setTotalSteps(steps).optWarmupSteps(traj.get("warmup_steps").getAsInt())
                .optBaseLearningRate(traj.get("lr").getAsDouble()).build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Path initial = trajDir.resolve("initial");
            BertNetwork net = BertHeads.create(arch, BertConfig.read(initial));
            BertWeights.load(net, initial, manager, 0);
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters())
                    .optBetas(traj.getAsJsonArray("betas").get(0).getAsDouble(),
                            traj.getAsJsonArray("betas").get(1).getAsDouble())
                    .optEpsilon(traj.get("eps").getAsDouble())
                    .optWeightDecay(traj.get("weight_decay").getAsDouble())
                    .optNoDecay(noDecay).build();
            SafeTensors batches = SafeTensors.open(trajDir.resolve("batches.safetensors"));
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, traj.get("max_grad_norm").getAsDouble())) {
                for (int step = 0; step < steps; step++) {
                    String prefix = "input.step" + step + ".";
                    float loss = trainer.accumulate(m -> batchInputs(batches, prefix, m), 1f);
                    double lr = schedule.learningRate(step);
                    assertEquals(traj.getAsJsonArray("lrs").get(step).getAsDouble(), lr, 1e-12, "lr at step " + step);
                    double norm = trainer.step(lr);
                    double expectedLoss = traj.getAsJsonArray("losses").get(step).getAsDouble();
                    double expectedNorm = traj.getAsJsonArray("grad_norms_before_clip").get(step).getAsDouble();
                    assertTrue(Fixtures.relDiff(loss, expectedLoss) <= lossTol,
                            "loss at step " + step + ": " + loss + " vs HF " + expectedLoss);
                    assertTrue(Fixtures.relDiff(norm, expectedNorm) <= lossTol,
                            "grad norm at step " + step + ": " + norm + " vs HF " + expectedNorm);
                }
            }
            SafeTensors fin = SafeTensors.open(trajDir.resolve("final").resolve("model.safetensors"));
            Map<String, ai.djl.nn.Parameter> params = net.namedParameters();
            for (String key : fin.getTensors().keySet()) {
                NDArray expected = fin.read(key, manager);
                double diff = Fixtures.maxAbsDiff(params.get(key).getArray(), expected);
                assertTrue(diff <= weightTol, "final weight " + key + " differs from HF by " + diff);
            }
            assertEquals(params.size(), fin.getTensors().size(), "final checkpoint covers every weight");
        }
    }

    private static BertInputs batchInputs(SafeTensors batches, String prefix, NDManager m) {
        try {
            BertInputs.Builder b = BertInputs.builder()
                    .setInputIds(batches.read(prefix + "input_ids", m))
                    .optTokenTypeIds(batches.read(prefix + "token_type_ids", m))
                    .optAttentionMask(batches.read(prefix + "attention_mask", m))
                    .optLabels(batches.read(prefix + "labels", m))
                    .optLogitsAtLabelsOnly(true); // as training runs it
            if (batches.getTensors().containsKey(prefix + "next_sentence_label")) {
                b.optNextSentenceLabel(batches.read(prefix + "next_sentence_label", m));
            }
            return b.build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
