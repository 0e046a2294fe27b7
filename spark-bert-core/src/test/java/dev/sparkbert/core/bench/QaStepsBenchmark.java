package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.SafeTensors;
import java.nio.file.Path;

/**
 * spark-bert-core's side of {@code benchmarks/qa_steps.sh}: the training steps {@code
 * benchmarks/hf_qa_steps.py} ran in HF, on its starting checkpoint and batches, with the same
 * AdamW, schedule and clipping. Prints loss, pre-clip gradient norm and learning rate per step.
 * Args: OUT_DIR (what hf_qa_steps.py wrote) [STEPS].
 */
public final class QaStepsBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path init = dir.resolve("init");
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork net = BertHeads.create(BertConfig.read(init));
            BertWeights.load(net, init, manager, 0);
            SafeTensors b = SafeTensors.open(dir.resolve("batches.safetensors"));
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).optWeightDecay(0.01)
                    .optNoDecay(AdamW.DEFAULT_NO_DECAY).build();
            LrSchedule s = LrSchedule.builder().setType("linear").setTotalSteps(174).optWarmupSteps(18)
                    .optBaseLearningRate(1e-4).build();
            try (LocalTrainer t = new LocalTrainer(net, adamw, 1.0)) {
                for (int step = 0; step < steps; step++) {
                    String p = "step" + step + ".";
                    float loss = t.accumulate(m -> {
                        try {
                            return BertInputs.builder().setInputIds(b.read(p + "input_ids", m))
                                    .optTokenTypeIds(b.read(p + "token_type_ids", m))
                                    .optAttentionMask(b.read(p + "attention_mask", m))
                                    .optStartPositions(b.read(p + "start_positions", m))
                                    .optEndPositions(b.read(p + "end_positions", m)).build();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, 1f);
                    double norm = t.step(s.learningRate(step));
                    System.out.printf("spark-bert step %d loss %.6f grad_norm %.6f lr %.3e%n", step, loss, norm,
                            s.learningRate(step));
                }
            }
        }
    }
}
