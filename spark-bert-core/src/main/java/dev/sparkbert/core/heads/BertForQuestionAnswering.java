package dev.sparkbert.core.heads;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
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
        NDArray loss = null;
        if (in.startPositions() != null && in.endPositions() != null) {
            long ignored = start.getShape().get(1);
            NDArray s = Losses.crossEntropy(start, in.startPositions().clip(0, ignored), ignored);
            NDArray e = Losses.crossEntropy(end, in.endPositions().clip(0, ignored), ignored);
            loss = Scalars.div(s.add(e), 2);
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("start_logits", start);
        named.put("end_logits", end);
        return new HeadOutput(loss, named, out.hiddenStates());
    }
}
