package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.sparkbert.core.util.InPlace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
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
 * (from the parameters or from buffers the caller gives, such as all-reduced sums), never written
 * by a step; {@link #zeroGradients()} clears them after a step. Not thread-safe: one optimizer per
 * replica thread (which a step borrows helpers for, see {@link #step(double, float, Map)}).
 *
 * <p>One matrix whose gradient is zero outside a few rows per step (the word embeddings, whose
 * gradient is sparse) can be updated lazily ({@link #updateRowsLazily}): a step updates only the
 * rows it is told may have a gradient, and a row left behind is brought up to date when it is
 * next needed by replaying the steps it missed with a zero gradient, element for element the
 * arithmetic of the whole-matrix update, so the bits are the same. Most of the update's cost is
 * memory traffic over the whole matrix every step; a replay reads and writes a row once.
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
    /** The lazily updated matrix, or null. */
    private LazyRows lazy;

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

    /**
     * Attaches gradients to every parameter so a backward pass fills them, and sets them to dense
     * zeros: PyTorch leaves a gradient undefined until a backward pass writes one and then keeps
     * the first it gets, which for embeddings in training is sparse ({@link
     * dev.sparkbert.core.nn.Embedding}), while the update and the all-reduce read gradients as dense
     * memory. A backward pass through zero times every parameter defines them all.
     */
    public void attachGradients() {
        params.values().forEach(p -> p.getArray().setRequiresGradient(true));
        List<NDArray> temporaries = new ArrayList<>();
        JniUtils.setGradMode(true);
        try {
            NDArray total = null;
            for (Parameter p : params.values()) {
                NDArray zero = p.getArray().mul(0);
                NDArray term = zero.sum();
                temporaries.add(zero);
                temporaries.add(term);
                if (total == null) {
                    total = term;
                } else {
                    total = total.add(term);
                    temporaries.add(total);
                }
            }
            NDArray ones = total.onesLike();
            temporaries.add(ones);
            JniUtils.backward((PtNDArray) total, (PtNDArray) ones, false, false);
        } finally {
            JniUtils.setGradMode(false);
            temporaries.forEach(NDArray::close);
        }
    }

    /**
     * One AdamW update of every parameter from its current gradient, with learning rate {@code lr}.
     * Call with grad mode off (after the gradient collector is closed).
     */
    public void step(double lr) {
        step(lr, 1f, gradientViews());
    }

    /**
     * Direct buffers over every parameter's gradient (PyTorch's {@code .grad} memory), by name; valid
     * while the gradients exist (until the next backward pass may reallocate them).
     */
    public Map<String, FloatBuffer> gradientViews() {
        Map<String, FloatBuffer> views = new LinkedHashMap<>();
        gradientBytes().forEach((k, b) -> views.put(k, b.asFloatBuffer()));
        return views;
    }

    /** A per-parameter tensor the optimizer updates: the weights and PyTorch's two moment estimates. */
    public enum Tensor { WEIGHTS, EXP_AVG, EXP_AVG_SQ }

    /**
     * The memory of every parameter's {@code tensor} as native-order bytes, by name: what the
     * replicas of a sharded update exchange. Lazily updated rows may be behind ({@link #flush}).
     */
    public Map<String, ByteBuffer> bytes(Tensor tensor) {
        Map<String, ByteBuffer> views = new LinkedHashMap<>();
        params.forEach((k, p) -> views.put(k, bytes(switch (tensor) {
            case WEIGHTS -> p.getArray();
            case EXP_AVG -> expAvg.get(k);
            case EXP_AVG_SQ -> expAvgSq.get(k);
        })));
        return views;
    }

    /** The memory of {@link #gradientViews()} as native-order bytes (position 0, limit its size). */
    public Map<String, ByteBuffer> gradientBytes() {
        Map<String, ByteBuffer> views = new LinkedHashMap<>();
        params.forEach((k, p) -> {
            try (NDArray g = p.getArray().getGradient()) {
                views.put(k, bytes(g));
            }
        });
        return views;
    }

    /**
     * One AdamW update of every parameter at learning rate {@code lr}, with gradients {@code
     * gradScale} x {@code gradients.get(name)} (each buffer from index 0, one float per element in
     * the parameter's row-major order). The update runs in Java over the native memory of the
     * parameters and moments, in blocks: one pass per parameter instead of a dozen PyTorch
     * element-wise operations and their temporaries, on as many threads as PyTorch's intra-op pool
     * of the calling thread (the same bits on any number).
     */
    public void step(double lr, float gradScale, Map<String, FloatBuffer> gradients) {
        step(lr, gradScale, gradients, null);
    }

    /**
     * The same update, where the lazily updated matrix ({@link #updateRowsLazily}) has a gradient
     * only on {@code touchedRows} (ascending, distinct; null: on any row): those rows are brought up
     * to date and updated, the others wait for {@link #catchUp} or {@link #flush}.
     */
    public void step(double lr, float gradScale, Map<String, FloatBuffer> gradients, int[] touchedRows) {
        step(lr, gradScale, gradients, touchedRows, null);
    }

    /**
     * The same update where, of the parameters {@code shard} shards, only this replica's blocks are
     * updated (and need a gradient); null: every parameter whole. The step count and the lazily
     * updated matrix advance as in the whole update, so every replica stays in step.
     */
    public void step(double lr, float gradScale, Map<String, FloatBuffer> gradients, int[] touchedRows,
            UpdateShard shard) {
        if (lazy != null && touchedRows == null) {
            flush();
        } else if (lazy != null) {
            lazy.check(touchedRows);
        }
        step++;
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        List<Update> updates = new ArrayList<>(params.size());
        Update lazyUpdate = null;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = e.getKey();
            FloatBuffer g = gradients.get(key);
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter '" + key + "'");
            }
            NDArray w = e.getValue().getArray();
            float decay = decays.get(key) && weightDecay != 0 ? (float) (1 - lr * weightDecay) : 1f;
            int[] blocks = shard == null ? null : shard.blocks(key);
            if (blocks == null) {
                blocks = new int[] {0, BlockParallel.blocks((int) w.size())};
            }
            Update u = new Update(floats(w), g, floats(expAvg.get(key)), floats(expAvgSq.get(key)), (int) w.size(),
                    decay, blocks[0], blocks[1]);
            if (lazy != null && key.equals(lazy.key) && touchedRows != null) {
                lazy.record(step, gradScale, decay, stepSize, bc2Sqrt);
                lazyUpdate = u;
            } else {
                updates.add(u);
            }
        }
        if (lazy != null) {
            lazy.touched = touchedRows;
            if (touchedRows == null) {
                lazy.allCurrentAt(step);
            }
        }
        int parts = BlockParallel.parts();
        Update rowsUpdate = lazyUpdate;
        BlockParallel.run(parts, part -> {
            float[][] scratch = new float[4][BlockParallel.BLOCK];
            for (Update u : updates) {
                int blocks = u.endBlock() - u.firstBlock();
                update(u, u.firstBlock() + BlockParallel.firstBlock(blocks, part, parts),
                        u.firstBlock() + BlockParallel.firstBlock(blocks, part + 1, parts), gradScale, bc2Sqrt, stepSize,
                        scratch);
            }
            if (rowsUpdate != null) {
                lazy.update(rowsUpdate, touchedRows, BlockParallel.firstBlock(touchedRows.length, part, parts),
                        BlockParallel.firstBlock(touchedRows.length, part + 1, parts), step, scratch);
            }
        });
    }

    /**
     * Updates the rows of the 2-D parameter {@code key} only when a step names them (see {@link
     * #step(double, float, Map, int[])}); rows that are read between steps must be brought up to
     * date first ({@link #catchUp}, {@link #flush}). Takes effect from the next step.
     */
    public void updateRowsLazily(String key) {
        Parameter p = params.get(key);
        if (p == null || p.getArray().getShape().dimension() != 2) {
            throw new IllegalArgumentException("no 2-D parameter '" + key + "' to update lazily");
        }
        lazy = new LazyRows(key, p.getArray().getShape());
        lazy.allCurrentAt(step);
    }

    /**
     * The global L2 norm of {@code gradients} ({@link GradientClipping}), where the lazily updated
     * matrix's gradient, zero outside {@code touchedRows} (null: any row), is read only on those
     * rows' blocks: the same bits.
     */
    public double globalNorm(Map<String, FloatBuffer> gradients, int[] touchedRows) {
        return globalNorm(gradients, touchedRows, null);
    }

    /**
     * The same norm where {@code shard} (null: none) names this replica's blocks of the sharded
     * parameters, the only ones whose gradient it holds summed: it sums their squares and takes the
     * other blocks' sums from the other replicas ({@link UpdateShard#completeBlockSums}).
     */
    public double globalNorm(Map<String, FloatBuffer> gradients, int[] touchedRows, UpdateShard shard) {
        List<String> keys = new ArrayList<>(gradients.keySet());
        List<FloatBuffer> buffers = new ArrayList<>(gradients.values());
        boolean[][] skip = new boolean[keys.size()][];
        for (int j = 0; j < keys.size(); j++) {
            int[] mine = shard == null ? null : shard.blocks(keys.get(j));
            if (mine != null) {
                skip[j] = new boolean[BlockParallel.blocks(buffers.get(j).limit())];
                java.util.Arrays.fill(skip[j], true);
                java.util.Arrays.fill(skip[j], mine[0], mine[1], false);
            } else if (lazy != null && touchedRows != null && keys.get(j).equals(lazy.key)) {
                skip[j] = GradientClipping.blocksWithoutRows(buffers.get(j).limit(), lazy.width, touchedRows);
            }
        }
        double[][] sums = GradientClipping.blockSums(buffers, skip);
        if (shard != null) {
            shard.completeBlockSums(keys, sums);
        }
        return GradientClipping.norm(sums);
    }

    /** Brings {@code rows} (ascending, distinct) of the lazily updated matrix up to the last step. */
    public void catchUp(int[] rows) {
        if (lazy == null) {
            return;
        }
        lazy.check(rows);
        Update u = new Update(floats(params.get(lazy.key).getArray()), null, floats(expAvg.get(lazy.key)),
                floats(expAvgSq.get(lazy.key)), 0, 0, 0, 0);
        int parts = BlockParallel.parts();
        BlockParallel.run(parts, part -> lazy.update(u, rows, BlockParallel.firstBlock(rows.length, part, parts),
                BlockParallel.firstBlock(rows.length, part + 1, parts), step, new float[4][lazy.width]));
    }

    /** Brings every row of the lazily updated matrix up to the last step (before its weights or moments are read). */
    public void flush() {
        if (lazy != null && !lazy.allCurrent(step)) {
            catchUp(java.util.stream.IntStream.range(0, lazy.rows).toArray());
            lazy.allCurrentAt(step);
        }
    }

    /**
     * One parameter's buffers (each from index 0), its decay factor for this step, and the blocks
     * [firstBlock, endBlock) to update.
     */
    private record Update(FloatBuffer w, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n, float decay,
            int firstBlock, int endBlock) {}

    /**
     * The update of blocks [firstBlock, endBlock) of {@code u} in place, through heap scratch arrays
     * (bulk copies, and a loop the JIT vectorises). Per element, in float arithmetic: g *= scale;
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; w = w decay - stepSize m / (sqrt(v) / bc2Sqrt + eps).
     */
    private void update(Update u, int firstBlock, int endBlock, float gradScale, float bc2Sqrt, float stepSize,
            float[][] scratch) {
        float[] ws = scratch[0];
        float[] gs = scratch[1];
        float[] ms = scratch[2];
        float[] vs = scratch[3];
        float decay = u.decay();
        int end = Math.min(u.n(), endBlock * BlockParallel.BLOCK);
        for (int from = firstBlock * BlockParallel.BLOCK; from < end; from += BlockParallel.BLOCK) {
            int len = Math.min(BlockParallel.BLOCK, end - from);
            u.w().get(from, ws, 0, len);
            u.g().get(from, gs, 0, len);
            u.m().get(from, ms, 0, len);
            u.v().get(from, vs, 0, len);
            kernel(ws, gs, ms, vs, len, gradScale, decay, stepSize, bc2Sqrt);
            u.w().put(from, ws, 0, len);
            u.m().put(from, ms, 0, len);
            u.v().put(from, vs, 0, len);
        }
    }

    /** The update of the first {@code len} elements of the arrays, in place (the one place its arithmetic is written). */
    private void kernel(float[] ws, float[] gs, float[] ms, float[] vs, int len, float gradScale, float decay,
            float stepSize, float bc2Sqrt) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        for (int i = 0; i < len; i++) {
            float gi = gs[i] * gradScale;
            float mi = beta1 * ms[i] + oneMinusBeta1 * gi;
            float vi = beta2 * vs[i] + oneMinusBeta2 * (gi * gi);
            ms[i] = mi;
            vs[i] = vi;
            ws[i] = ws[i] * decay - stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps));
        }
    }

    /**
     * The lazily updated matrix: the step each row is up to date at, and each step's constants, so
     * a row can replay the steps it missed with a zero gradient.
     */
    private final class LazyRows {
        final String key;
        final int rows;
        final int width;
        /** The step each row is up to date at. */
        final long[] current;
        /** Per step (index = step): gradScale, decay, stepSize, bc2Sqrt. */
        float[][] constants = new float[4][64];
        /** The rows the last step was told may have a gradient; null when any row may. */
        int[] touched;

        LazyRows(String key, ai.djl.ndarray.types.Shape shape) {
            this.key = key;
            this.rows = Math.toIntExact(shape.get(0));
            this.width = Math.toIntExact(shape.get(1));
            this.current = new long[rows];
            if ((long) width > BlockParallel.BLOCK) {
                throw new IllegalArgumentException("rows of '" + key + "' are wider than " + BlockParallel.BLOCK);
            }
        }

        void record(long t, float gradScale, float decay, float stepSize, float bc2Sqrt) {
            int i = Math.toIntExact(t);
            if (i >= constants[0].length) {
                for (int c = 0; c < 4; c++) {
                    constants[c] = java.util.Arrays.copyOf(constants[c], Math.max(i + 1, 2 * constants[c].length));
                }
            }
            constants[0][i] = gradScale;
            constants[1][i] = decay;
            constants[2][i] = stepSize;
            constants[3][i] = bc2Sqrt;
        }

        void check(int[] rowIds) {
            for (int k = 0; k < rowIds.length; k++) {
                if (rowIds[k] < 0 || rowIds[k] >= rows || (k > 0 && rowIds[k] <= rowIds[k - 1])) {
                    throw new IllegalArgumentException("rows of '" + key + "' must be ascending, distinct and below "
                            + rows + "; got " + rowIds[k] + " at " + k);
                }
            }
        }

        void allCurrentAt(long t) {
            java.util.Arrays.fill(current, t);
        }

        boolean allCurrent(long t) {
            for (long c : current) {
                if (c != t) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Rows {@code rowIds[from..to)} of {@code u} brought to step {@code t}: the steps a row
         * missed are replayed with a zero gradient, and step t itself uses the row of {@code u.g()}
         * when that is not null.
         */
        void update(Update u, int[] rowIds, int from, int to, long t, float[][] scratch) {
            float[] ws = scratch[0];
            float[] gs = scratch[1];
            float[] ms = scratch[2];
            float[] vs = scratch[3];
            float[] zeros = new float[width];
            long replayTo = u.g() == null ? t : t - 1;
            for (int k = from; k < to; k++) {
                int r = rowIds[k];
                if (current[r] >= t) {
                    continue;
                }
                int at = r * width;
                u.w().get(at, ws, 0, width);
                u.m().get(at, ms, 0, width);
                u.v().get(at, vs, 0, width);
                for (long s = current[r] + 1; s <= replayTo; s++) {
                    stepRow(ws, zeros, ms, vs, (int) s);
                }
                if (u.g() != null) {
                    u.g().get(at, gs, 0, width);
                    stepRow(ws, gs, ms, vs, (int) t);
                }
                u.w().put(at, ws, 0, width);
                u.m().put(at, ms, 0, width);
                u.v().put(at, vs, 0, width);
                current[r] = t;
            }
        }

        /** Step {@code i}'s update of one row with gradient {@code gs}. */
        private void stepRow(float[] ws, float[] gs, float[] ms, float[] vs, int i) {
            kernel(ws, gs, ms, vs, width, constants[0][i], constants[1][i], constants[2][i], constants[3][i]);
        }
    }

    /** A direct float buffer over a contiguous CPU tensor's memory (writes go to the tensor). */
    static FloatBuffer floats(NDArray a) {
        return bytes(a).asFloatBuffer();
    }

    /** The native-order bytes of a contiguous CPU tensor's memory. */
    private static ByteBuffer bytes(NDArray a) {
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }

    /** Sets every gradient to zero in place (gradients otherwise accumulate over backward passes). */
    public void zeroGradients() {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (lazy != null && lazy.touched != null && e.getKey().equals(lazy.key)) {
                // Only the rows of the last step can be nonzero.
                try (NDArray g = e.getValue().getArray().getGradient()) {
                    FloatBuffer view = floats(g);
                    float[] zeros = new float[lazy.width];
                    for (int r : lazy.touched) {
                        view.put(r * lazy.width, zeros);
                    }
                }
            } else {
                JniUtils.zeroGrad((PtNDArray) e.getValue().getArray()); // PyTorch's grad.zero_(): one write pass
            }
        }
        if (lazy != null) {
            lazy.touched = null;
        }
    }

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    public long getStepCount() {
        return step;
    }

    /** Optimizer state for checkpoints: {@code exp_avg.<key>} and {@code exp_avg_sq.<key>} arrays (all rows up to date). */
    public Map<String, NDArray> state() {
        flush();
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
        if (lazy != null) {
            lazy.allCurrentAt(step);
        }
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
