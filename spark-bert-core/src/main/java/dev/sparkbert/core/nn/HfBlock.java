package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose children and parameters carry Hugging Face module names.
 *
 * <p>DJL prefixes child names with their position ("01query"); this base keeps the plain HF name
 * of every submodule so that {@link #namedParameters()} yields exactly the keys of an HF state
 * dict ({@code encoder.layer.0.attention.self.query.weight}). Parameters are created with their
 * final shape, so blocks never need DJL's shape inference; their values are set by {@code
 * dev.sparkbert.core.weights.WeightInit} or a checkpoint.
 */
public abstract class HfBlock extends AbstractBlock {

    private final Map<String, Block> modules = new LinkedHashMap<>();
    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
    private final Map<String, Shape> ownShapes = new LinkedHashMap<>();

    protected HfBlock() {
        super((byte) 1);
    }

    /** Registers a submodule under its HF name. */
    protected final <B extends Block> B addModule(String hfName, B block) {
        modules.put(hfName, addChildBlock(hfName, block));
        return block;
    }

    /** Creates a trainable parameter of the given HF name and shape. */
    protected final Parameter addWeight(String hfName, Parameter.Type type, Shape shape) {
        // The shape is kept here, not in the Parameter: DJL allows setArray only on a shapeless parameter.
        Parameter p = addParameter(Parameter.builder().setName(hfName).setType(type).build());
        ownParameters.put(hfName, p);
        ownShapes.put(hfName, shape);
        return p;
    }

    /** The submodules by HF name, in registration order. */
    public final Map<String, Block> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /**
     * Every parameter of this block and its submodules by its HF state-dict key, in registration
     * order. A parameter shared by two modules (tied weights) appears once, under its owner's name.
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", this, out);
        return out;
    }

    /** The declared shape of every parameter, keyed like {@link #namedParameters()}. */
    public final Map<String, Shape> namedShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        collectShapes("", this, out);
        return out;
    }

    private static void collect(String prefix, Block block, Map<String, Parameter> out) {
        if (block instanceof HfBlock) {
            HfBlock hf = (HfBlock) block;
            hf.ownParameters.forEach((name, p) -> out.put(prefix + name, p));
            hf.modules.forEach((name, child) -> collect(prefix + name + ".", child, out));
        }
    }

    private static void collectShapes(String prefix, Block block, Map<String, Shape> out) {
        if (block instanceof HfBlock) {
            HfBlock hf = (HfBlock) block;
            hf.ownShapes.forEach((name, s) -> out.put(prefix + name, s));
            hf.modules.forEach((name, child) -> collectShapes(prefix + name + ".", child, out));
        }
    }

    /** The value of a parameter for this forward pass. */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has explicit parameter shapes; run a forward pass to learn output shapes");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed forward");
    }
}
