package dev.sparkbert.ml;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.exec.DriverCheckpoint;
import dev.sparkbert.ml.exec.PartitionRunner;
import dev.sparkbert.ml.exec.RowTask;
import dev.sparkbert.ml.io.StageWriter;
import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.SharedParams;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Base of the spark-bert inference stages: the shared params, schema checks, the per-partition run
 * on executors and persistence. A subclass names its head, adds its columns and builds the {@link
 * RowTask} that turns rows into outputs.
 *
 * @param <M> the concrete stage
 */
public abstract class BertStageModel<M extends BertStageModel<M>> extends Model<M>
        implements BertStageParams, MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelLocation;
    private final IntParam batchSize;
    private final IntParam maxLength;
    private final Param<String> truncation;
    private final Param<String> handleInvalid;
    private transient BertConfig config;
    private transient String configLocation;

    protected BertStageModel(String uid) {
        this.uid = uid;
        modelLocation = SharedParams.modelLocation(this);
        batchSize = SharedParams.batchSize(this);
        maxLength = SharedParams.maxLength(this);
        truncation = SharedParams.truncation(this);
        handleInvalid = SharedParams.handleInvalid(this);
        SharedParams.setStageDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<String> modelLocation() {
        return modelLocation;
    }

    @Override
    public IntParam batchSize() {
        return batchSize;
    }

    @Override
    public IntParam maxLength() {
        return maxLength;
    }

    @Override
    public Param<String> truncation() {
        return truncation;
    }

    @Override
    public Param<String> handleInvalid() {
        return handleInvalid;
    }

    public M setModelLocation(String value) {
        set(modelLocation, value);
        return self();
    }

    public M setBatchSize(int value) {
        set(batchSize, value);
        return self();
    }

    public M setMaxLength(int value) {
        set(maxLength, value);
        return self();
    }

    public M setTruncation(String value) {
        set(truncation, value);
        return self();
    }

    public M setHandleInvalid(String value) {
        set(handleInvalid, value);
        return self();
    }

    @SuppressWarnings("unchecked")
    protected final M self() {
        return (M) this;
    }

    /** The HF head class this stage runs, e.g. {@code BertForSequenceClassification}. */
    protected abstract String architecture();

    /** Checks the input columns and returns the schema with the output columns added. */
    protected abstract StructType validateAndTransformSchema(StructType schema, BertConfig config);

    /** The executor-side computation, built from the current params. */
    protected abstract RowTask newTask(StructType inputSchema, BertConfig config);

    /** The checkpoint's config.json, read once on the driver (small; never the weights). */
    public BertConfig config() {
        String location = getModelLocation();
        if (config == null || !location.equals(configLocation)) {
            config = ModelLocation.readConfig(location, hadoopConfiguration());
            configLocation = location;
        }
        return config;
    }

    /** The active session's Hadoop configuration, or the defaults when no session exists yet. */
    protected static org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isEmpty()) {
            active = SparkSession.getDefaultSession();
        }
        return active.isDefined() ? active.get().sparkContext().hadoopConfiguration()
                : new org.apache.hadoop.conf.Configuration();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema, config());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        BertConfig c = config();
        PartitionRunner runner = new PartitionRunner(newTask(dataset.schema(), c), getModelLocation(),
                DriverCheckpoint.broadcastOf(getModelLocation()), architecture(), getBatchSize(), getHandleInvalid());
        return dataset.toDF().mapPartitions(runner, Encoders.row(outSchema));
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

    // ---- schema helpers shared by the stages ----

    protected static final DataType STRING_ARRAY = DataTypes.createArrayType(DataTypes.StringType);

    /** Index of a column in a schema. */
    protected static int index(StructType schema, String column) {
        return schema.fieldIndex(column);
    }
}
