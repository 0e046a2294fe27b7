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
import org.apache.spark.sql.RowFactory;

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

    /**
     * @param shared the broadcast of a {@code driver:} location's checkpoint files, else null
     * @param hadoop the job's Hadoop configuration, for reading the checkpoint
     */
    public PartitionRunner(RowTask task, String location, org.apache.spark.broadcast.Broadcast<java.util.Map<String,
            byte[]>> shared, HadoopConf hadoop, String architecture, Precision precision, int batchSize,
            String handleInvalid) {
        this.task = task;
        this.shared = shared;
        this.hadoop = hadoop;
        this.location = location;
        this.architecture = architecture;
        this.precision = precision;
        this.chunkRows = batchSize * 16;
        this.handleInvalid = handleInvalid;
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
                    out.add(append(chunk.get(i), values));
                }
                return out;
            }
        };
    }

    private static Row append(Row row, Object[] values) {
        Object[] all = new Object[row.length() + values.length];
        for (int i = 0; i < row.length(); i++) {
            all[i] = row.get(i);
        }
        System.arraycopy(values, 0, all, row.length(), values.length);
        return RowFactory.create(all);
    }
}
