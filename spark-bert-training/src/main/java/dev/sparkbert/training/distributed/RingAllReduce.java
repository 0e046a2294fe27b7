package dev.sparkbert.training.distributed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * end with bitwise identical buffers. A connection must present the job's secret (checked by
 * digest) and its rank, or it is refused. Every socket operation has a timeout, so a dead peer
 * fails the task instead of hanging it.
 */
public final class RingAllReduce implements AutoCloseable {

    private static final int MAGIC = 0x5342_4152; // "SBAR"

    private final int rank;
    private final int size;
    private final Socket toNext;
    private final Socket fromPrev;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    private final long timeoutMillis;
    private long bytesSent;

    private RingAllReduce(int rank, int size, Socket toNext, Socket fromPrev, long timeoutMillis) throws IOException {
        this.rank = rank;
        this.size = size;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        this.timeoutMillis = timeoutMillis;
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
        this.in = fromPrev == null ? null : new DataInputStream(new BufferedInputStream(fromPrev.getInputStream(), 1 << 16));
        this.sender = size > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spark-bert-allreduce-send-" + rank);
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Opens this rank's listening socket. The port goes to the peers (through the barrier's
     * allGather) before {@link #connect} is called.
     */
    public static ServerSocket listen(String host) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0));
        return server;
    }

    /**
     * Joins the ring: connects to rank+1 and accepts rank-1, both proving the secret.
     *
     * @param addresses "host:port" of every rank, in rank order
     */
    public static RingAllReduce connect(int rank, List<String> addresses, ServerSocket server, String secret,
            long timeoutMillis) throws IOException {
        int size = addresses.size();
        if (size == 1) {
            server.close();
            return new RingAllReduce(0, 1, null, null, timeoutMillis);
        }
        byte[] token = digest(secret);
        String[] next = addresses.get((rank + 1) % size).split(":");
        Socket toNext = null;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (toNext == null) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(next[0], Integer.parseInt(next[1])), (int) timeoutMillis);
                toNext = s;
            } catch (IOException e) {
                s.close();
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("rank " + rank + " cannot reach rank " + (rank + 1) % size + " at "
                            + addresses.get((rank + 1) % size), e);
                }
                sleep(100);
            }
        }
        configure(toNext, timeoutMillis);
        DataOutputStream hello = new DataOutputStream(toNext.getOutputStream());
        hello.writeInt(MAGIC);
        hello.writeInt(rank);
        hello.write(token);
        hello.flush();
        int expected = (rank - 1 + size) % size;
        server.setSoTimeout((int) timeoutMillis);
        Socket fromPrev = null;
        try {
            while (fromPrev == null) {
                Socket s = server.accept();
                configure(s, timeoutMillis);
                if (authentic(s, token, expected)) {
                    fromPrev = s;
                } else {
                    s.close(); // a stranger or a wrong rank: refused
                }
            }
        } catch (SocketTimeoutException e) {
            toNext.close();
            throw new IOException("rank " + rank + ": rank " + expected + " did not connect within " + timeoutMillis
                    + " ms", e);
        } finally {
            server.close();
        }
        return new RingAllReduce(rank, size, toNext, fromPrev, timeoutMillis);
    }

    private static boolean authentic(Socket s, byte[] token, int expectedRank) {
        try {
            DataInputStream hello = new DataInputStream(s.getInputStream());
            if (hello.readInt() != MAGIC || hello.readInt() != expectedRank) {
                return false;
            }
            byte[] presented = new byte[token.length];
            hello.readFully(presented);
            return MessageDigest.isEqual(token, presented);
        } catch (IOException e) {
            return false;
        }
    }

    private static void configure(Socket s, long timeoutMillis) throws IOException {
        s.setSoTimeout((int) timeoutMillis);
        s.setTcpNoDelay(true);
        s.setSendBufferSize(1 << 20);
        s.setReceiveBufferSize(1 << 20);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** Bytes this rank has sent so far. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Replaces {@code buffer} in place by the element-wise sum of every rank's buffer. */
    public void sumInPlace(float[] buffer) throws IOException {
        sumInPlace(java.nio.FloatBuffer.wrap(buffer));
    }

    /**
     * Replaces the buffer's elements (index 0 to its capacity, whatever its position) in place by
     * the element-wise sum of every rank's buffer. A direct buffer may be a view of native memory
     * (a PyTorch tensor), so gradients are summed where they live, without Java copies.
     */
    public void sumInPlace(java.nio.FloatBuffer buffer) throws IOException {
        if (size == 1) {
            return;
        }
        int n = buffer.capacity();
        int[] start = new int[size + 1];
        for (int c = 0; c <= size; c++) {
            start[c] = (int) ((long) n * c / size);
        }
        // Reduce-scatter: after step s, rank r holds the sum of s+2 ranks' values of chunk (r - s - 1).
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s, size);
            int recv = Math.floorMod(rank - s - 1, size);
            exchange(buffer, start[send], start[send + 1], start[recv], start[recv + 1], true);
        }
        // All-gather: pass the finished chunks around the ring.
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s + 1, size);
            int recv = Math.floorMod(rank - s, size);
            exchange(buffer, start[send], start[send + 1], start[recv], start[recv + 1], false);
        }
    }

    private void exchange(java.nio.FloatBuffer buffer, int sendFrom, int sendTo, int recvFrom, int recvTo, boolean add)
            throws IOException {
        byte[] payload = new byte[(sendTo - sendFrom) * 4];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .put(buffer.duplicate().limit(sendTo).position(sendFrom));
        Future<?> sending = sender.submit(() -> {
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
            return null;
        });
        int len = in.readInt();
        if (len != (recvTo - recvFrom) * 4) {
            throw new IOException("rank " + rank + ": expected a chunk of " + (recvTo - recvFrom) * 4 + " bytes, got "
                    + len + " (peers disagree on the buffer size)");
        }
        byte[] incoming = new byte[len];
        in.readFully(incoming);
        java.nio.FloatBuffer fb = ByteBuffer.wrap(incoming).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = recvFrom; i < recvTo; i++) {
            buffer.put(i, add ? buffer.get(i) + fb.get() : fb.get());
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
        bytesSent += payload.length + 4;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        for (Socket s : new Socket[] {toNext, fromPrev}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
