package dev.sparkbert.core.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link BertModel}'s embeddings and encoder (no pooler) for training passes, as one TorchScript
 * module ({@code bert_encoder_training.pt}, class {@code BertEncoderTraining} of {@code
 * src/main/torchscript/bert_encoder.py}) that takes the model's own float32 parameters on every call,
 * so their gradients collect in float32 as with DJL's blocks. In {@link Precision#BF16} it has
 * {@code torch.autocast}'s semantics: linear layers and attention in bfloat16, the rest and every
 * weight and gradient float32 (fast with AMX-BF16). In {@link Precision#FP32} it gives DJL's blocks'
 * numbers. Dropout (the config's rates) draws from libtorch's default generator.
 */
public final class TrainingEncoder implements AutoCloseable {

    static final String RESOURCE = "dev/sparkbert/core/precision/bert_encoder_training.pt";
    /** DJL hands arrays of this name to the module as one {@code List[Tensor]} argument. */
    private static final String WEIGHT_LIST = "w[]";

    private final Precision precision;
    private final PtNDManager manager;
    private final PtSymbolBlock module;
    private final List<Parameter> weights;

    private TrainingEncoder(Precision precision, PtNDManager manager, PtSymbolBlock module, List<Parameter> weights) {
        this.precision = precision;
        this.manager = manager;
        this.module = module;
        this.weights = weights;
    }

    /**
     * The training module over {@code bert}'s parameters (read at every call, never copied).
     *
     * @param architecture the head being trained, for error messages
     * @throws IllegalArgumentException for {@link Precision#INT8} or what {@link CompiledEncoder#unsupported} names
     */
    public static TrainingEncoder compile(BertModel bert, Precision precision, String architecture) {
        BertConfig config = bert.getConfig();
        if (precision == Precision.INT8) {
            throw new IllegalArgumentException("precision int8 is for inference; training " + architecture
                    + " runs in fp32 or bf16");
        }
        String refusal = CompiledEncoder.unsupported(config);
        if (refusal != null) {
            throw new IllegalArgumentException("training in precision " + precision + " does not support "
                    + architecture + " with " + refusal + "; use precision fp32");
        }
        Cpu.adviseOn(precision);
        Map<String, Parameter> params = bert.namedParameters();
        List<Parameter> weights = new ArrayList<>();
        for (String name : CompiledEncoder.names(config.getNumHiddenLayers())) {
            weights.add(params.get(name));
        }
        return CompiledEncoder.withModule(RESOURCE, (manager, module) -> {
            try (IValue heads = IValue.from((long) config.getNumAttentionHeads());
                    IValue eps = IValue.from(config.getLayerNormEps());
                    IValue act = IValue.from(CompiledEncoder.activation(config.getHiddenAct()));
                    IValue mode = IValue.from(precision.id());
                    IValue hiddenDropout = IValue.from(config.getHiddenDropoutProb());
                    IValue attentionDropout = IValue.from(config.getAttentionProbsDropoutProb());
                    IValue pad = IValue.from((long) config.getPadTokenId());
                    IValue done = IValueUtils.runMethod(module, "configure", heads, eps, act, mode, hiddenDropout,
                            attentionDropout, pad)) {
                if (done.toLong() != config.getNumAttentionHeads()) {
                    throw new IllegalStateException("the training module was not configured");
                }
            }
            return new TrainingEncoder(precision, manager, module, weights);
        });
    }

    public Precision precision() {
        return precision;
    }

    /**
     * The last hidden state of a training pass (dropout on), attached to {@code inputIds}' manager;
     * back-propagating through it fills the parameters' gradients.
     *
     * @param inputIds (batch, seq) int64
     * @param tokenTypeIds (batch, seq) int64, or null for all zero
     * @param attentionMask (batch, seq) 1 = token, 0 = padding, or null for all ones
     * @return (batch, seq, hidden) float32
     */
    public NDArray forward(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
        NDList in = CompiledEncoder.inputs(inputIds, tokenTypeIds, attentionMask);
        String[] names = new String[weights.size()];
        for (int i = 0; i < names.length; i++) {
            NDArray w = weights.get(i).getArray();
            names[i] = w.getName();
            w.setName(WEIGHT_LIST);
            in.add(w);
        }
        try {
            return module.forward(new ParameterStore(inputIds.getManager(), false), in, true).singletonOrThrow();
        } finally {
            for (int i = 0; i < names.length; i++) {
                weights.get(i).getArray().setName(names[i]);
            }
        }
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
