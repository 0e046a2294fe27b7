package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.util.ActivationBudget;
import dev.sparkbert.core.util.InPlace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.AdamW} with HF's two parameter groups.
 *
 * <p>Per step t (from 1), for a parameter p with gradient g and learning rate lr: p *= 1 - lr wd
 * (decoupled weight decay; wd = 0 for parameters whose name contains one of the no-decay
 * substrings, by default {@code bias} and {@code LayerNorm.weight}); m = b1 m + (1-b1) g; v = b2 v
 * + (1-b2) g²; p -= lr / (1 - b1^t) · m / (sqrt(v) / sqrt(1 - b2^t) + eps). Unlike DJL's {@code
 * Optimizer.adamW()}, eps is added after bias correction and weight decay is per group.
 *
 * <p>The moment estimates live in the optimizer's own manager, closed with it. Gradients are read
 * and updated in place; {@link #zeroGradients()} clears them after a step.
 */
public final class AdamW implements AutoCloseable {

    /** HF Trainer's default no-decay names. */
    public static final List<String> DEFAULT_NO_DECAY = List.of("bias", "LayerNorm.weight");

    private final Map<String, Parameter> params;
    private final NDManager stateManager;
    private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
    private final Map<String, Boolean> decays = new LinkedHashMap<>();
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private long step;

    private AdamW(Builder b) {
        params = new LinkedHashMap<>(b.params);
        beta1 = b.beta1;
        beta2 = b.beta2;
        eps = b.eps;
        weightDecay = b.weightDecay;
        NDManager paramManager = params.values().iterator().next().getArray().getManager();
        stateManager = paramManager.newSubManager();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray w = e.getValue().getArray();
            expAvg.put(e.getKey(), stateManager.zeros(w.getShape(), w.getDataType()));
            expAvgSq.put(e.getKey(), stateManager.zeros(w.getShape(), w.getDataType()));
            decays.put(e.getKey(), b.noDecay.stream().noneMatch(e.getKey()::contains));
        }
    }

    /** Attaches gradients to every parameter so a backward pass fills them. */
    public void attachGradients() {
        params.values().forEach(p -> p.getArray().setRequiresGradient(true));
    }

    /** The gradient of each parameter by name (views of {@code .grad}; close them after use). */
    public Map<String, NDArray> gradients() {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        params.forEach((k, p) -> grads.put(k, p.getArray().getGradient()));
        return grads;
    }

    /**
     * One AdamW update of every parameter from its current gradient, with learning rate {@code lr}.
     * Call with grad mode off (after the gradient collector is closed).
     */
    public void step(double lr) {
        step++;
        float bc1 = (float) (1 - Math.pow(beta1, step));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = e.getKey();
            NDArray w = e.getValue().getArray();
            float decay = decays.get(key) && weightDecay != 0 ? (float) (1 - lr * weightDecay) : 1f;
            try (NDArray g = w.getGradient()) {
                long rows = w.getShape().dimension() == 0 ? 1 : w.getShape().get(0);
                long perSlice = Math.max(1, rows * ActivationBudget.BYTES / Math.max(1, 4 * w.size()));
                if (perSlice >= rows) {
                    update(w, g, expAvg.get(key), expAvgSq.get(key), decay, bc2Sqrt, stepSize);
                    continue;
                }
                // A parameter over malloc's mmap threshold (the word embeddings) is updated in row
                // blocks, so its temporaries are reused heap blocks, not fresh pages every step
                // (ActivationBudget); the arithmetic per element is the same.
                for (long from = 0; from < rows; from += perSlice) {
                    NDIndex block = new NDIndex("{}:{}", from, Math.min(rows, from + perSlice));
                    try (NDArray ws = w.get(block); NDArray gs = g.get(block); NDArray ms = expAvg.get(key).get(block);
                            NDArray vs = expAvgSq.get(key).get(block)) {
                        update(ws, gs, ms, vs, decay, bc2Sqrt, stepSize);
                    }
                }
            }
        }
    }

    /** The update of one parameter (or row block of one) in place; temporaries are closed as soon as used. */
    private void update(NDArray w, NDArray g, NDArray m, NDArray v, float decay, float bc2Sqrt, float stepSize) {
        if (decay != 1f) {
            w.muli(decay);
        }
        try (NDArray scaled = g.mul(1 - beta1)) {
            m.muli(beta1).addi(scaled);
        }
        try (NDArray squared = g.mul(g)) {
            v.muli(beta2).addi(squared.muli(1 - beta2));
        }
        try (NDArray denom = v.sqrt(); NDArray update = m.div(denom.divi(bc2Sqrt).addi(eps))) {
            w.subi(update.muli(stepSize));
        }
    }

    /** Sets every gradient to zero (gradients otherwise accumulate over backward passes). */
    public void zeroGradients() {
        for (Parameter p : params.values()) {
            try (NDArray g = p.getArray().getGradient()) {
                g.subi(g);
            }
        }
    }
    /** Steps taken so far (PyTorch's {@code state['step']}). */
    public long getStepCount() {
        return step;
    }

    /** Optimizer state for checkpoints: {@code exp_avg.<key>} and {@code exp_avg_sq.<key>} arrays. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        expAvg.forEach((k, a) -> s.put("exp_avg." + k, a));
        expAvgSq.forEach((k, a) -> s.put("exp_avg_sq." + k, a));
        return s;
    }

    /** Restores state written by {@link #state()} and the step count. */
    public void restore(Map<String, NDArray> state, long stepCount) {
        for (String k : params.keySet()) {
            NDArray m = state.get("exp_avg." + k);
            NDArray v = state.get("exp_avg_sq." + k);
            if (m == null || v == null) {
                throw new IllegalArgumentException("optimizer state has no moments for '" + k + "'");
            }
            InPlace.copy(expAvg.get(k), m);
            InPlace.copy(expAvgSq.get(k), v);
        }
        step = stepCount;
    }

    @Override
    public void close() {
        stateManager.close();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setParameters} is required; defaults are PyTorch's (betas 0.9/0.999, eps 1e-8, wd 0.01). */
    public static final class Builder {
        private Map<String, Parameter> params;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private float weightDecay = 0.01f;
        private List<String> noDecay = DEFAULT_NO_DECAY;

        /** The parameters to train, by HF name (the names pick the weight-decay group). */
        public Builder setParameters(Map<String, Parameter> p) { params = p; return this; }
        public Builder optBetas(double b1, double b2) { beta1 = (float) b1; beta2 = (float) b2; return this; }
        public Builder optEpsilon(double e) { eps = (float) e; return this; }
        public Builder optWeightDecay(double wd) { weightDecay = (float) wd; return this; }
        public Builder optNoDecay(List<String> names) { noDecay = List.copyOf(names); return this; }

        public AdamW build() {
            if (params == null || params.isEmpty()) {
                throw new IllegalArgumentException("AdamW needs at least one parameter");
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps >= 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("adamEpsilon and weightDecay must be >= 0");
            }
            return new AdamW(this);
        }
    }
}
