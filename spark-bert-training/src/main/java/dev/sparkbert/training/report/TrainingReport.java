package dev.sparkbert.training.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.training.distributed.EvalRecord;
import dev.sparkbert.training.distributed.StepRecord;
import dev.sparkbert.training.distributed.TrainingHistory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a training run leaves next to its model: {@code metrics.json} (summary figures and the whole
 * history) and {@code training_curves.png} (training loss, learning rate and the validation metric
 * over steps), written into the run's new output folder (which the caller publishes whole).
 */
public final class TrainingReport {

    public static final String METRICS = "metrics.json";
    public static final String PLOT = "training_curves.png";

    private final TrainingHistory history;

    public TrainingReport(TrainingHistory history) {
        this.history = history;
    }

    /**
     * Steady-state training throughput: examples per second of step wall time, leaving out the
     * first tenth of the steps (at least one, when there are more) where warm-up costs show.
     */
    public double trainSamplesPerSecond() {
        List<StepRecord> steps = history.steps();
        int skip = steps.size() > 1 ? Math.max(1, steps.size() / 10) : 0;
        double seconds = 0;
        long examples = 0;
        for (StepRecord r : steps.subList(skip, steps.size())) {
            seconds += r.seconds();
            examples += r.examples();
        }
        return seconds > 0 ? examples / seconds : Double.NaN;
    }

    /** Writes {@link #METRICS} and {@link #PLOT} into {@code folder} (a Hadoop path, new files). */
    public void writeTo(Path folder, Map<String, ?> extra, Configuration hadoop) throws IOException {
        FileSystem fs = folder.getFileSystem(hadoop);
        for (Map.Entry<String, byte[]> f : Map.of(METRICS, metrics(extra), PLOT, plot()).entrySet()) {
            try (OutputStream out = fs.create(new Path(folder, f.getKey()), false)) {
                out.write(f.getValue());
            }
        }
    }

    /** {@code metrics.json}: {@code extra} figures, the throughput, the last losses and the history. */
    public byte[] metrics(Map<String, ?> extra) {
        JsonObject root = new JsonObject();
        extra.forEach((k, v) -> {
            if (v instanceof Number) {
                root.addProperty(k, (Number) v);
            } else {
                root.addProperty(k, String.valueOf(v));
            }
        });
        List<StepRecord> steps = history.steps();
        root.addProperty("steps", steps.size());
        root.addProperty("train_samples_per_second", trainSamplesPerSecond());
        if (!steps.isEmpty()) {
            root.addProperty("first_train_loss", steps.get(0).loss());
            root.addProperty("final_train_loss", steps.get(steps.size() - 1).loss());
            root.addProperty("train_seconds", steps.stream().mapToDouble(StepRecord::seconds).sum());
        }
        if (!history.evals().isEmpty()) {
            EvalRecord last = history.evals().get(history.evals().size() - 1);
            root.addProperty("eval_loss", last.loss());
            if (!Double.isNaN(last.accuracy())) {
                root.addProperty("eval_accuracy", last.accuracy());
            }
            root.addProperty("eval_examples", last.examples());
        }
        root.add("history", JsonParser.parseString(history.toJson()));
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(root).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A PNG of training loss, learning rate and validation metric (accuracy, else loss) against the step. */
    public byte[] plot() throws IOException {
        int w = 900;
        int panel = 260;
        BufferedImage img = new BufferedImage(w, 3 * panel, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, 3 * panel);
        List<StepRecord> steps = history.steps();
        double maxStep = Math.max(1, steps.size());
        drawPanel(g, 0, w, panel, "training loss", steps, r -> r.step() + 1, StepRecord::loss, maxStep,
                new Color(31, 119, 180));
        drawPanel(g, panel, w, panel, "learning rate", steps, r -> r.step() + 1, StepRecord::learningRate, maxStep,
                new Color(255, 127, 14));
        List<EvalRecord> evals = history.evals();
        boolean accuracy = !evals.isEmpty() && !Double.isNaN(evals.get(0).accuracy());
        drawPanel(g, 2 * panel, w, panel, evals.isEmpty() ? "validation (none)"
                : accuracy ? "validation accuracy" : "validation loss", evals, EvalRecord::step,
                accuracy ? EvalRecord::accuracy : EvalRecord::loss, maxStep, new Color(44, 160, 44));
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return png.toByteArray();
    }

    private static <T> void drawPanel(Graphics2D g, int top, int w, int h, String title, List<T> points,
            ToDoubleFunction<T> x, ToDoubleFunction<T> y, double maxX, Color color) {
        int left = 80;
        int right = w - 20;
        int y0 = top + 30;
        int y1 = top + h - 35;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, top + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, y0, right - left, y1 - y0);
        g.drawString("step", right - 30, y1 + 28);
        g.drawString("0", left, y1 + 14);
        g.drawString(String.format("%.0f", maxX), right - 30, y1 + 14);
        if (points.isEmpty()) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (T p : points) {
            double v = y.applyAsDouble(p);
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            hi = lo + (lo == 0 ? 1 : Math.abs(lo) * 0.1);
        }
        g.drawString(String.format("%.3g", hi), 5, y0 + 10);
        g.drawString(String.format("%.3g", lo), 5, y1);
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (T p : points) {
            double v = y.applyAsDouble(p);
            if (!Double.isFinite(v)) {
                continue;
            }
            int sx = left + (int) Math.round((right - left) * x.applyAsDouble(p) / maxX);
            int sy = y1 - (int) Math.round((y1 - y0) * (v - lo) / (hi - lo));
            if (px >= 0) {
                g.drawLine(px, py, sx, sy);
            }
            g.fillOval(sx - 2, sy - 2, 5, 5);
            px = sx;
            py = sy;
        }
    }
}
