package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;
import dev.sparkbert.core.nn.Linear;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF {@code BertForQuestionAnswering}: {@code qa_outputs} gives start and end logits, each (batch,
 * seq). The loss is the mean of the start and end cross entropies; positions are clamped to [0,
 * seq] and a position equal to seq (one past the end, so also any beyond it) is ignored, as in HF.
 */
public final class BertForQuestionAnswering extends BertHead {

    private final Linear qaOutputs;

    public BertForQuestionAnswering(BertConfig config) {
        super(config, false);
        if (config.getNumLabels() != 2) {
            throw new IllegalArgumentException("config.json: question answering needs num_labels = 2 (start, end),"
                    + " got " + config.getNumLabels());
        }
        qaOutputs = addModule("qa_outputs", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(2).build());
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = qaOutputs.forward(ps, out.lastHiddenState(), training);
        NDArray start = logits.get(":, :, 0");
        NDArray end = logits.get(":, :, 1");
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("start_logits", start);
        named.put("end_logits", end);
        return HeadOutput.of(named, lossTargets(in), out.hiddenStates());
    }

    /** Half the start and half the end cross entropy; positions clamped to seq, which is ignored. */
    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        if (in.startPositions() == null || in.endPositions() == null) {
            return List.of();
        }
        long ignored = in.inputIds().getShape().get(1);
        return List.of(
                LossTarget.crossEntropy("start", o -> o.get("start_logits"), in.startPositions().clip(0, ignored),
                        ignored, 0.5),
                LossTarget.crossEntropy("end", o -> o.get("end_logits"), in.endPositions().clip(0, ignored), ignored,
                        0.5));
    }
}
