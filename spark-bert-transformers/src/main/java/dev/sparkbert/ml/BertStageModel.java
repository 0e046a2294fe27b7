package dev.sparkbert.ml;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.ml.exec.DriverCheckpoint;
import dev.sparkbert.ml.exec.HadoopConf;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.exec.PartitionRunner;
import dev.sparkbert.ml.exec.RowTask;
import dev.sparkbert.ml.io.StageWriter;
import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.DeclaredParams;
import dev.sparkbert.ml.param.HasPrecision;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Base of the spark-bert inference stages: the shared params, the per-partition run on executors
 * and persistence. A subclass names its head, checks and adds its columns, and builds the {@link
 * RowTask} that turns rows into outputs.
 *
 * @param <M> the concrete stage
 */
public abstract class BertStageModel<M extends BertStageModel<M>> extends Model<M>
        implements BertStageParams<M>, HasPrecision<M>, MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final DeclaredParams declaredParams = new DeclaredParams();
    private transient BertConfig config;
    private transient String configLocation;

    protected BertStageModel(String uid) {
        this.uid = uid;
        DeclaredParams.initialize(this, declaredParams);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public DeclaredParams declaredParams() {
        return declaredParams;
    }

    /** The HF head class this stage runs, e.g. {@code BertForSequenceClassification}. */
    public abstract String architecture();

    /** The executor-side computation, built from the current params. */
    protected abstract RowTask newTask(StructType inputSchema, BertConfig config);

    /** The checkpoint's config.json, read once on the driver (small; never the weights). */
    public BertConfig config() {
        String location = getModelLocation();
        if (config == null || !location.equals(configLocation)) {
            config = ModelLocation.readConfig(location, HadoopConf.driver());
            configLocation = location;
        }
        return config;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        PartitionRunner runner = new PartitionRunner(newTask(dataset.schema(), config()), getModelLocation(),
                DriverCheckpoint.broadcastOf(getModelLocation()), HadoopConf.ship(dataset.sparkSession()),
                architecture(), Precision.of(getPrecision()), getBatchSize(), getHandleInvalid(), outSchema);
        return dataset.toDF().mapPartitions(runner, Encoders.row(outSchema));
    }

    /** {@code stage} over the checkpoint at {@code location}, its config read (the body of each {@code fromPretrained}). */
    protected static <M extends BertStageModel<M>> M fromPretrained(M stage, String location) {
        stage.setModelLocation(location).config();
        return stage;
    }

    /** {@code maxLength}, capped at the model's {@code max_position_embeddings}. */
    protected int effectiveMaxLength(BertConfig c) {
        return Math.min(getMaxLength(), c.getMaxPositionEmbeddings());
    }

    @Override
    public M copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new StageWriter(this);
    }

    @Override
    public void save(String path) throws java.io.IOException {
        write().save(path);
    }

    /** Index of a column in a schema. */
    protected static int index(StructType schema, String column) {
        return schema.fieldIndex(column);
    }
}
