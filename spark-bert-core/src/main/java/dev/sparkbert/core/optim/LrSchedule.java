package dev.sparkbert.core.optim;

import java.util.List;

/**
 * The learning-rate schedules of HF {@code transformers.get_scheduler}: the multiplier of the base
 * learning rate at each optimizer step (step 0 is the first update).
 *
 * <p>{@code constant}, {@code constant_with_warmup}, {@code linear}, {@code cosine} (half a cosine
 * by default), {@code cosine_with_restarts} (hard restarts, one cycle by default) and {@code
 * polynomial} (to {@code lrEnd} with {@code power}); every schedule but {@code constant} warms up
 * linearly from 0 over {@code warmupSteps}.
 */
public final class LrSchedule {

    /** The schedule names, as HF's {@code SchedulerType}. */
    public static final List<String> TYPES = List.of("constant", "constant_with_warmup", "linear", "cosine",
            "cosine_with_restarts", "polynomial");

    private final String type;
    private final int warmupSteps;
    private final int totalSteps;
    private final double numCycles;
    private final double baseLr;
    private final double lrEnd;
    private final double power;

    private LrSchedule(Builder b) {
        type = b.type;
        warmupSteps = b.warmupSteps;
        totalSteps = b.totalSteps;
        numCycles = b.numCycles != null ? b.numCycles : type.equals("cosine") ? 0.5 : 1.0;
        baseLr = b.baseLr;
        lrEnd = b.lrEnd;
        power = b.power;
    }

    /** The learning rate at {@code step}: base learning rate times {@link #multiplier(long)}. */
    public double learningRate(long step) {
        return baseLr * multiplier(step);
    }

    /** The multiplier of the base learning rate at {@code step}. */
    public double multiplier(long step) {
        if (type.equals("constant")) {
            return 1.0;
        }
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        double decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = (step - warmupSteps) / decaySteps;
        switch (type) {
            case "constant_with_warmup":
                return 1.0;
            case "linear":
                return Math.max(0.0, (totalSteps - step) / decaySteps);
            case "cosine":
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress)));
            case "cosine_with_restarts":
                if (progress >= 1.0) {
                    return 0.0;
                }
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((numCycles * progress) % 1.0))));
            case "polynomial":
                if (step > totalSteps) {
                    return lrEnd / baseLr;
                }
                double remaining = 1.0 - (step - warmupSteps) / (double) (totalSteps - warmupSteps);
                return ((baseLr - lrEnd) * Math.pow(remaining, power) + lrEnd) / baseLr;
            default:
                throw new IllegalStateException(type);
        }
    }

    public String getType() {
        return type;
    }

    public int getWarmupSteps() {
        return warmupSteps;
    }

    public int getTotalSteps() {
        return totalSteps;
    }

    /** HF's {@code get_warmup_steps}: an explicit count wins, else ceil(ratio x total steps). */
    public static int warmupSteps(int warmupSteps, double warmupRatio, int totalSteps) {
        return warmupSteps > 0 ? warmupSteps : (int) Math.ceil(totalSteps * warmupRatio);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setType} and {@code setTotalSteps} (for decaying schedules) are required. */
    public static final class Builder {
        private String type;
        private int warmupSteps;
        private int totalSteps = -1;
        private Double numCycles;
        private double baseLr = 1.0;
        private double lrEnd = 1e-7;
        private double power = 1.0;

        public Builder setType(String t) { type = t; return this; }
        public Builder setTotalSteps(int n) { totalSteps = n; return this; }
        public Builder optWarmupSteps(int n) { warmupSteps = n; return this; }
        /** Cosine: number of waves (default 0.5); with restarts: number of cycles (default 1). */
        public Builder optNumCycles(double n) { numCycles = n; return this; }
        /** The base learning rate, needed by {@code polynomial} to decay to {@code lrEnd}. */
        public Builder optBaseLearningRate(double lr) { baseLr = lr; return this; }
        public Builder optLrEnd(double lr) { lrEnd = lr; return this; }
        public Builder optPower(double p) { power = p; return this; }

        public LrSchedule build() {
            if (type == null || !TYPES.contains(type)) {
                throw new IllegalArgumentException("lrSchedulerType '" + type + "' is not one of " + TYPES);
            }
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
            }
            boolean decays = !type.startsWith("constant");
            if (decays && totalSteps <= 0) {
                throw new IllegalArgumentException("schedule '" + type + "' needs a positive number of training"
                        + " steps, got " + totalSteps);
            }
            if (type.equals("polynomial") && !(baseLr > lrEnd)) {
                throw new IllegalArgumentException("polynomial schedule: lrEnd (" + lrEnd
                        + ") must be smaller than the learning rate (" + baseLr + ")");
            }
            return new LrSchedule(this);
        }
    }
}
