package dev.sparkbert.ml.exec;

import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.util.Engines;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Runs a {@link RowTask} over a partition: rows are read in chunks, the chunk's valid rows go to the
 * model together (the task sorts them into length buckets), and every input row comes out once, in
 * its original order, with its input values followed by the outputs.
 */
public final class PartitionRunner implements MapPartitionsFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final RowTask task;
    private final String location;
    private final org.apache.spark.broadcast.Broadcast<java.util.Map<String, byte[]>> shared;
    private final HadoopConf hadoop;
    private final String architecture;
    private final Precision precision;
    private final int chunkRows;
    private final String handleInvalid;
    private final StructType outSchema;

    /**
     * @param shared the broadcast of a {@code driver:} location's checkpoint files, else null
     * @param hadoop the job's Hadoop configuration, for reading the checkpoint
     * @param outSchema the input columns, then the task's outputs
     */
    public PartitionRunner(RowTask task, String location, org.apache.spark.broadcast.Broadcast<java.util.Map<String,
            byte[]>> shared, HadoopConf hadoop, String architecture, Precision precision, int batchSize,
            String handleInvalid, StructType outSchema) {
        this.task = task;
        this.shared = shared;
        this.hadoop = hadoop;
        this.location = location;
        this.architecture = architecture;
        this.precision = precision;
        this.chunkRows = batchSize * 16;
        this.handleInvalid = handleInvalid;
        this.outSchema = outSchema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        if (!rows.hasNext()) {
            return rows;
        }
        TaskContext ctx = TaskContext.get();
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            // Read when the engine starts: eager inference has no use for inter-op threads.
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engines.noGradOnThisThread();
        Engines.intraOpThreadsOnThisThread(ctx == null ? Runtime.getRuntime().availableProcessors() : ctx.cpus());
        if (shared != null) {
            DriverCheckpoint.localFolder(location, shared.value()); // once per JVM
        }
        ModelCache.Handle handle = ModelCache.acquire(location, architecture, precision, hadoop.get());
        if (ctx != null) {
            ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> handle.close());
        }
        int partition = ctx == null ? 0 : ctx.partitionId();
        List<Function1<Object, Object>> external = externalForms();
        return new Iterator<>() {
            private Iterator<Row> current = List.<Row>of().iterator();
            private long rowNumber;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    current = nextChunk().iterator();
                }
                if (!current.hasNext() && ctx == null) {
                    handle.close();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }

            private List<Row> nextChunk() {
                List<Row> chunk = new ArrayList<>(chunkRows);
                List<Object> prepared = new ArrayList<>(chunkRows);
                List<Object> valid = new ArrayList<>();
                while (chunk.size() < chunkRows && rows.hasNext()) {
                    Row row = rows.next();
                    long number = rowNumber++;
                    Object in;
                    try {
                        in = task.prepare(row);
                    } catch (RowTask.InvalidInputException e) {
                        if (handleInvalid.equals("error")) {
                            throw new IllegalArgumentException(e.getMessage() + " (row " + number + " of partition "
                                    + partition + ": " + row + "); set handleInvalid to 'skip' or 'keep' to go on", e);
                        }
                        if (handleInvalid.equals("skip")) {
                            continue;
                        }
                        in = null;
                    }
                    chunk.add(row);
                    prepared.add(in);
                    if (in != null) {
                        valid.add(in);
                    }
                }
                List<Object[]> outputs = valid.isEmpty() ? List.of() : task.run(handle.model(), valid);
                List<Row> out = new ArrayList<>(chunk.size());
                int v = 0;
                for (int i = 0; i < chunk.size(); i++) {
                    Object[] values = prepared.get(i) == null ? new Object[task.outputCount()] : outputs.get(v++);
                    out.add(append(chunk.get(i), values, outSchema, external));
                }
                return out;
            }
        };
    }

    /**
     * The output row as Spark's decoder would make it (a row with its schema, arrays as Scala
     * sequences, structs as rows with their schema): where the plan skips the encoding (a Dataset
     * read as {@code javaRDD()} with every column) the reader gets this object itself.
     */
    private static Row append(Row row, Object[] values, StructType schema, List<Function1<Object, Object>> external) {
        Object[] all = new Object[row.length() + values.length];
        for (int i = 0; i < row.length(); i++) {
            all[i] = row.get(i);
        }
        for (int i = 0; i < values.length; i++) {
            all[row.length() + i] = external.get(i).apply(values[i]);
        }
        return new GenericRowWithSchema(all, schema);
    }

    /** Per output column: the task's value (Java arrays, rows without schema) to Spark's external form. */
    private List<Function1<Object, Object>> externalForms() {
        List<Function1<Object, Object>> out = new ArrayList<>();
        StructField[] fields = outSchema.fields();
        for (int i = fields.length - task.outputCount(); i < fields.length; i++) {
            Function1<Object, Object> toCatalyst = CatalystTypeConverters.createToCatalystConverter(fields[i].dataType());
            Function1<Object, Object> toScala = CatalystTypeConverters.createToScalaConverter(fields[i].dataType());
            out.add(toCatalyst.andThen(toScala));
        }
        return out;
    }
}
