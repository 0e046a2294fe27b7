package dev.sparkbert.training.comm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sums float buffers across N workers with a ring all-reduce over TCP: N-1 reduce-scatter steps,
 * then N-1 all-gather steps, each sending one chunk (about 1/N of the buffer) to the next rank
 * while receiving one from the previous; each worker sends and receives 2(N-1)/N of the buffer.
 *
 * <p>Every chunk's sum is computed on one rank in ring order and copied to the others, so all ranks
 * end with bitwise identical buffers. Floats travel as the buffer's native-order bytes: a direct
 * buffer over a tensor goes to the kernel as it is, and received bytes are added in blocks the JIT
 * vectorises. Connections prove themselves with {@link RingSecurity}'s challenge-response (and are
 * TLS when it encrypts). Every socket operation has a timeout, so a dead peer fails the task
 * instead of hanging it.
 */
public final class RingAllReduce implements AutoCloseable {

    /**
     * Floats received and added per block (256 KiB): the block, the target's floats and the sums
     * stay in a core's L2 cache (a 1 MiB block made the sums 2x slower).
     */
    private static final int BLOCK = 1 << 16;

    private final int rank;
    private final int size;
    private final Link toNext;
    private final Link fromPrev;
    private final ExecutorService sender;
    private final long timeoutMillis;
    private final ByteBuffer incoming;
    private final float[] mine;
    private final float[] theirs;
    private ByteBuffer small = ByteBuffer.allocateDirect(0);
    private long bytesSent;
    /** Nanoseconds the last sum waited for the previous rank's first bytes. */
    private long waitNanos;

    private RingAllReduce(int rank, int size, Link toNext, Link fromPrev, long timeoutMillis) {
        this.rank = rank;
        this.size = size;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        this.timeoutMillis = timeoutMillis;
        boolean ring = size > 1;
        this.incoming = ByteBuffer.allocateDirect(ring ? BLOCK * 4 : 0).order(ByteOrder.nativeOrder());
        this.mine = new float[ring ? BLOCK : 0];
        this.theirs = new float[ring ? BLOCK : 0];
        this.sender = ring ? daemonThread("spark-bert-allreduce-send-" + rank) : null;
    }

    /** A single daemon thread (it must not keep an executor JVM alive). */
    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens this rank's listening socket. The port goes to the peers (through the barrier's
     * allGather) before {@link #connect} is called.
     */
    public static ServerSocketChannel listen(String host) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, 0));
        return server;
    }

    /** The port {@link #listen} bound. */
    public static int port(ServerSocketChannel server) {
        return server.socket().getLocalPort();
    }

    /**
     * Joins the ring: connects to rank+1 and accepts rank-1, each side proving the job's key
     * ({@link RingSecurity}); connections that fail the handshake are refused and the rank keeps
     * waiting for rank-1 until the timeout.
     *
     * @param addresses "host:port" of every rank, in rank order
     */
    public static RingAllReduce connect(int rank, List<String> addresses, ServerSocketChannel server,
            RingSecurity security, long timeoutMillis) throws IOException {
        int size = addresses.size();
        if (size == 1) {
            server.close();
            return new RingAllReduce(0, 1, null, null, timeoutMillis);
        }
        int nextRank = (rank + 1) % size;
        String nextAddress = addresses.get(nextRank);
        String nextPeer = "rank " + nextRank + " at " + nextAddress;
        // Every rank dials its successor while it accepts its predecessor: the handshakes wait on
        // each other around the ring, so the two sides run at once.
        ExecutorService acceptor = daemonThread("spark-bert-allreduce-accept-" + rank);
        Future<Link> fromPrev = acceptor.submit(() -> Connections.accept(server, security, timeoutMillis, rank,
                (rank - 1 + size) % size));
        Link toNext = null;
        try {
            toNext = Connections.dial(nextAddress, security, timeoutMillis, rank, nextRank, nextPeer);
            return new RingAllReduce(rank, size, toNext, fromPrev.get(), timeoutMillis);
        } catch (ExecutionException e) {
            Connections.close(toNext);
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Connections.close(toNext);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while joining the ring", e);
        } catch (IOException | RuntimeException e) {
            Connections.close(toNext);
            throw e;
        } finally {
            server.close();
            acceptor.shutdownNow();
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /**
     * Of the last {@link #reduceScatter} or {@link #allGather} (or the first half of the last
     * {@link #sumInPlace}), the seconds this rank waited for the previous rank to start sending:
     * how much later that rank joined (its passes or its update still running), not the transfer.
     */
    public double lastWaitSeconds() {
        return waitNanos / 1e9;
    }

    /** Bytes this rank has sent so far. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Replaces {@code buffer} in place by the element-wise sum of every rank's buffer. */
    public void sumInPlace(float[] buffer) throws IOException {
        if (size == 1) {
            return;
        }
        if (small.capacity() < buffer.length * 4) {
            small = ByteBuffer.allocateDirect(buffer.length * 4).order(ByteOrder.nativeOrder());
        }
        ByteBuffer bytes = small.duplicate().order(ByteOrder.nativeOrder()).clear().limit(buffer.length * 4);
        bytes.asFloatBuffer().put(buffer);
        sumInPlace(bytes);
        bytes.asFloatBuffer().get(buffer);
    }

    /**
     * Every rank's {@code value}, indexed by rank, bit for bit. Far quicker than the barrier's
     * {@code allGather}, which polls once a second.
     */
    public long[] allGather(long value) throws IOException {
        long[] slots = new long[size];
        slots[rank] = value;
        return gatherDisjoint(slots);
    }

    /**
     * Every rank's {@code values} joined, where each slot is set (nonzero) by at most one rank, bit
     * for bit: each rank adds its values' four 16-bit pieces into slots the others leave zero, and
     * floats hold such sums exactly.
     */
    public long[] gatherDisjoint(long[] values) throws IOException {
        float[] pieces = new float[4 * values.length];
        for (int s = 0; s < values.length; s++) {
            for (int i = 0; i < 4; i++) {
                pieces[4 * s + i] = (values[s] >>> (16 * i)) & 0xFFFF;
            }
        }
        sumInPlace(pieces);
        long[] joined = new long[values.length];
        for (int s = 0; s < values.length; s++) {
            for (int i = 0; i < 4; i++) {
                joined[s] |= (long) pieces[4 * s + i] << (16 * i);
            }
        }
        return joined;
    }

    /**
     * Replaces the native-order floats of {@code bytes} (index 0 to its limit, whatever its
     * position) in place by the element-wise sum of every rank's. A direct buffer may be a tensor's
     * memory, so gradients are summed where they live.
     */
    public void sumInPlace(ByteBuffer bytes) throws IOException {
        sumInPlace(List.of(bytes));
    }

    /**
     * The same sum over several buffers taken as one sequence of floats in list order (each from
     * index 0 to its limit): the gradients of many tensors are summed where they live, with no
     * copy into one buffer.
     */
    public void sumInPlace(List<ByteBuffer> buffers) throws IOException {
        if (size == 1) {
            return;
        }
        int n = new Floats(buffers).size();
        int[] start = new int[size + 1];
        for (int c = 0; c <= size; c++) {
            start[c] = (int) ((long) n * c / size);
        }
        reduceScatter(buffers, start);
        long joined = waitNanos;
        allGather(buffers, start);
        waitNanos = joined;
    }

    /**
     * The chunk whose sum this rank holds after {@link #reduceScatter}, and sends first in {@link
     * #allGather}.
     */
    public int ownedChunk() {
        return (rank + 1) % size;
    }

    /**
     * The first half of {@link #sumInPlace}: afterwards chunk {@link #ownedChunk()} of the sequence
     * holds the sum of every rank's (the other chunks, partial sums). Chunk c is floats [start[c],
     * start[c+1]) of the buffers taken as one sequence; every rank passes the same starts.
     */
    public void reduceScatter(List<ByteBuffer> buffers, int[] start) throws IOException {
        Floats buffer = chunked(buffers, start);
        // After step s, rank r holds the sum of s+2 ranks' values of chunk (r - s - 1).
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s, size);
            int recv = Math.floorMod(rank - s - 1, size);
            long waited = exchange(buffer, start[send], start[send + 1], start[recv], start[recv + 1], true);
            if (s == 0) {
                waitNanos = waited;
            }
        }
    }

    /**
     * The second half of {@link #sumInPlace}: every rank's chunk {@link #ownedChunk()} of the
     * sequence goes to every other rank (the ranks may have changed their chunk since the
     * reduce-scatter, or pass other buffers of the same sizes).
     */
    public void allGather(List<ByteBuffer> buffers, int[] start) throws IOException {
        Floats buffer = chunked(buffers, start);
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s + 1, size);
            int recv = Math.floorMod(rank - s, size);
            long waited = exchange(buffer, start[send], start[send + 1], start[recv], start[recv + 1], false);
            if (s == 0) {
                waitNanos = waited;
            }
        }
    }

    private Floats chunked(List<ByteBuffer> buffers, int[] start) {
        Floats buffer = new Floats(buffers);
        if (start.length != size + 1 || start[0] != 0 || start[size] != buffer.size()) {
            throw new IllegalArgumentException("chunk starts " + java.util.Arrays.toString(start) + " do not cut "
                    + buffer.size() + " floats into " + size + " chunks");
        }
        for (int c = 0; c < size; c++) {
            if (start[c] > start[c + 1]) {
                throw new IllegalArgumentException("chunk starts " + java.util.Arrays.toString(start) + " decrease");
            }
        }
        return buffer;
    }

    /**
     * Sends floats [sendFrom, sendTo) to the next rank while receiving [recvFrom, recvTo) from the
     * previous; returns the nanoseconds spent waiting for the previous rank's first bytes.
     */
    private long exchange(Floats buffer, int sendFrom, int sendTo, int recvFrom, int recvTo, boolean add)
            throws IOException {
        List<ByteBuffer> payload = buffer.slices(sendFrom, sendTo);
        Future<?> sending = sender.submit(() -> {
            toNext.write(ByteBuffer.allocate(4).putInt((sendTo - sendFrom) * 4).flip());
            for (ByteBuffer b : payload) {
                toNext.write(b);
            }
            return null;
        });
        ByteBuffer header = ByteBuffer.allocate(4);
        long t0 = System.nanoTime();
        fromPrev.readFully(header);
        long waited = System.nanoTime() - t0;
        int len = header.flip().getInt();
        if (len != (recvTo - recvFrom) * 4) {
            throw new IOException("rank " + rank + ": expected a chunk of " + (recvTo - recvFrom) * 4 + " bytes, got "
                    + len + " (peers disagree on the buffer size)");
        }
        if (add) {
            FloatBuffer received = incoming.duplicate().order(ByteOrder.nativeOrder()).clear().asFloatBuffer();
            for (int from = recvFrom; from < recvTo; from += BLOCK) {
                int count = Math.min(BLOCK, recvTo - from);
                fromPrev.readFully(incoming.clear().limit(count * 4));
                buffer.get(from, mine, count);
                received.get(0, theirs, 0, count);
                for (int i = 0; i < count; i++) {
                    mine[i] += theirs[i];
                }
                buffer.put(from, mine, count);
            }
        } else {
            // A finished chunk goes straight to its place.
            for (ByteBuffer b : buffer.slices(recvFrom, recvTo)) {
                fromPrev.readFully(b);
            }
        }
        try {
            sending.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("rank " + rank + ": sending to rank " + (rank + 1) % size + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("rank " + rank + ": sending to rank " + (rank + 1) % size + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        bytesSent += (sendTo - sendFrom) * 4L + 4;
        return waited;
    }

    /** Native-order float buffers read as one sequence: float i of the sequence is in one of them. */
    private static final class Floats {
        private final ByteBuffer[] parts;
        /** The sequence index of each part's first float; the last entry is the size. */
        private final int[] first;

        Floats(List<ByteBuffer> buffers) {
            parts = new ByteBuffer[buffers.size()];
            first = new int[buffers.size() + 1];
            for (int i = 0; i < parts.length; i++) {
                ByteBuffer b = buffers.get(i);
                if (b.order() != ByteOrder.nativeOrder() || b.limit() % 4 != 0) {
                    throw new IllegalArgumentException("expected native-order floats, got " + b.order() + ", "
                            + b.limit() + " bytes in buffer " + i);
                }
                parts[i] = b.duplicate().order(ByteOrder.nativeOrder()).clear().limit(b.limit());
                first[i + 1] = Math.addExact(first[i], b.limit() / 4);
            }
        }

        int size() {
            return first[parts.length];
        }

        /** Byte views of floats [from, to), one per part they fall in. */
        List<ByteBuffer> slices(int from, int to) {
            List<ByteBuffer> out = new java.util.ArrayList<>();
            for (int i = partOf(from); from < to; i++) {
                int end = Math.min(to, first[i + 1]);
                if (end > from) {
                    out.add(parts[i].duplicate().limit((end - first[i]) * 4).position((from - first[i]) * 4));
                }
                from = end;
            }
            return out;
        }

        /** Copies floats [from, from + count) into {@code dst}. */
        void get(int from, float[] dst, int count) {
            transfer(from, dst, count, false);
        }

        /** Copies {@code src}'s first {@code count} floats to [from, from + count). */
        void put(int from, float[] src, int count) {
            transfer(from, src, count, true);
        }

        private void transfer(int from, float[] array, int count, boolean put) {
            for (int at = 0, i = partOf(from); at < count; i++) {
                int n = Math.min(count - at, first[i + 1] - from - at);
                if (n > 0) {
                    FloatBuffer part = parts[i].asFloatBuffer();
                    if (put) {
                        part.put(from + at - first[i], array, at, n);
                    } else {
                        part.get(from + at - first[i], array, at, n);
                    }
                    at += n;
                }
            }
        }

        /** The first part holding float {@code index} (a part may be empty). */
        private int partOf(int index) {
            int i = java.util.Arrays.binarySearch(first, index);
            if (i < 0) {
                return -i - 2;
            }
            while (i + 1 < parts.length && first[i + 1] == index) {
                i++;
            }
            return Math.min(i, Math.max(0, parts.length - 1));
        }
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        for (Link l : new Link[] {toNext, fromPrev}) {
            if (l != null) {
                try {
                    l.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
