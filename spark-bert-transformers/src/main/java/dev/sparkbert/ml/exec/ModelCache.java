package dev.sparkbert.ml.exec;

import dev.sparkbert.core.precision.Precision;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * The JVM-wide cache of loaded models on an executor (or the driver in local mode).
 *
 * <p>Keyed by model identity (location and architecture): concurrent tasks share one instance, and
 * a model is loaded once per JVM, never per partition or batch. Users {@link #acquire} and {@link
 * Handle#close() release}; a model nobody holds is closed after {@code idleMillis}, freeing its
 * native memory, unless acquired again before then.
 */
public final class ModelCache {

    private static final long IDLE_MILLIS = Long.getLong("sparkbert.model.idleMillis", 60_000L);
    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spark-bert-model-reaper");
        t.setDaemon(true);
        return t;
    });

    private ModelCache() {}

    /** A held reference to a cached model; close it to release. */
    public static final class Handle implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Handle(Entry entry) {
            this.entry = entry;
        }

        public LoadedModel model() {
            return entry.model;
        }

        @Override
        public void close() {
            synchronized (entry) {
                if (!closed) {
                    closed = true;
                    entry.release();
                }
            }
        }
    }

    private static final class Entry {
        final String key;
        final LoadedModel model;
        int holders;
        ScheduledFuture<?> pendingClose;
        boolean closed;

        Entry(String key, LoadedModel model) {
            this.key = key;
            this.model = model;
        }

        synchronized boolean tryHold() {
            if (closed) {
                return false;
            }
            holders++;
            if (pendingClose != null) {
                pendingClose.cancel(false);
                pendingClose = null;
            }
            return true;
        }

        synchronized void release() {
            if (--holders == 0) {
                pendingClose = REAPER.schedule(this::closeIfIdle, IDLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void closeIfIdle() {
            if (holders == 0 && !closed) {
                closed = true;
                ENTRIES.remove(key, this);
                model.close();
            }
        }
    }

    /** Holds the model at {@code location} built as {@code architecture}, loading it if needed. */
    public static Handle acquire(String location, String architecture, Precision precision, Configuration hadoop)
            throws IOException {
        String key = location + "#" + architecture + "#" + precision;
        while (true) {
            Entry e = ENTRIES.get(key);
            if (e == null) {
                synchronized (ModelCache.class) {
                    e = ENTRIES.get(key);
                    if (e == null) {
                        LoadedModel m = new LoadedModel(ModelLocation.localCopy(location, hadoop), architecture,
                                precision);
                        LOADS.incrementAndGet();
                        e = new Entry(key, m);
                        ENTRIES.put(key, e);
                    }
                }
            }
            if (e.tryHold()) {
                return new Handle(e);
            }
            // closed between lookup and hold: load again
        }
    }

    /** How many times a model was loaded in this JVM (for tests and metrics). */
    public static int loadCount() {
        return LOADS.get();
    }
}
