package dev.sparkbert.training.comm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingAllReduceTest {

    private static final RingSecurity KEY = RingSecurity.authenticated("right");
    private static RingSecurity tls;

    private static synchronized RingSecurity tls() {
        if (tls == null) {
            tls = RingSecurity.encrypted("right");
        }
        return tls;
    }

    /** Runs one all-reduce with {@code size} ranks on loopback threads; returns every rank's result. */
    static float[][] allReduce(int size, float[][] inputs, RingSecurity security, Runnable beforeConnect)
            throws Exception {
        return allReduce(size, inputs, security, beforeConnect, null);
    }

    /**
     * The same, where {@code route} may replace the address rank 0 dials (a proxy in front of rank 1).
     */
    static float[][] allReduce(int size, float[][] inputs, RingSecurity security, Runnable beforeConnect,
            java.util.function.UnaryOperator<String> route) throws Exception {
        return allReduce(size, inputs, security, beforeConnect, route, null);
    }

    /**
     * The same, where each rank's floats are split into direct buffers of {@code parts} floats each
     * (in order; null: one float array) and summed as one sequence.
     */
    static float[][] allReduce(int size, float[][] inputs, RingSecurity security, Runnable beforeConnect,
            java.util.function.UnaryOperator<String> route, int[] parts) throws Exception {
        return onRing(size, security, beforeConnect, route, (rank, ring) -> {
            float[] buf = inputs[rank].clone();
            if (parts == null) {
                ring.sumInPlace(buf);
                return buf;
            }
            List<java.nio.ByteBuffer> buffers = new ArrayList<>();
            int at = 0;
            for (int n : parts) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder());
                b.asFloatBuffer().put(buf, at, n);
                buffers.add(b);
                at += n;
            }
            ring.sumInPlace(buffers);
            at = 0;
            for (java.nio.ByteBuffer b : buffers) {
                b.asFloatBuffer().get(buf, at, b.limit() / 4);
                at += b.limit() / 4;
            }
            return buf;
        }).toArray(new float[0][]);
    }

    /** What one rank computes with its connected ring. */
    interface OnRank<T> {
        T run(int rank, RingAllReduce ring) throws Exception;
    }

    /**
     * Connects {@code size} ranks on loopback, each in its own thread, and returns what each
     * computes, by rank; {@code route} may replace the address rank 0 dials (a proxy in front of
     * rank 1).
     */
    static <T> List<T> onRing(int size, RingSecurity security, Runnable beforeConnect,
            java.util.function.UnaryOperator<String> route, OnRank<T> work) throws Exception {
        List<ServerSocketChannel> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocketChannel s = RingAllReduce.listen("127.0.0.1");
            servers.add(s);
            addresses.add("127.0.0.1:" + RingAllReduce.port(s));
        }
        if (beforeConnect != null) {
            beforeConnect.run();
        }
        List<String> dialledByRank0 = new ArrayList<>(addresses);
        if (route != null && size > 1) {
            dialledByRank0.set(1, route.apply(addresses.get(1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(rank,
                            rank == 0 ? dialledByRank0 : addresses, servers.get(rank), security, 5000)) {
                        return work.run(rank, ring);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : results) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWaitForALateRankIsMeasuredApartFromTheExchange() throws Exception {
        List<Double> waits = onRing(2, KEY, null, null, (rank, ring) -> {
            if (rank == 1) {
                Thread.sleep(500); // rank 1's passes take 0.5 s longer
            }
            ring.sumInPlace(new float[100_000]);
            return ring.lastWaitSeconds();
        });
        // The ranks leave connect() a few milliseconds apart at most.
        assertTrue(waits.get(0) >= 0.3, "rank 0 waited " + waits.get(0) + " s for rank 1's first bytes");
    }

    @ParameterizedTest(name = "{0} ranks")
    @CsvSource({"1", "2", "3"})
    void allGatherGivesEveryRanksLongBitForBit(int size) throws Exception {
        long[] values = {0xFFFF_FFFF_FFFF_FFFFL, Long.MIN_VALUE, 0x0001_8000_7FFF_0F0FL};
        List<long[]> out = onRing(size, KEY, null, null, (rank, ring) -> ring.allGather(values[rank]));
        for (long[] got : out) {
            assertArrayEquals(java.util.Arrays.copyOf(values, size), got);
        }
    }

    /**
     * A reduce-scatter over uneven chunks (one empty) leaves each rank's own chunk summed; what
     * each rank then writes into its own chunk (here the sum negated, as a sharded update writes
     * its part of the weights) reaches every rank by the all-gather, the same bits everywhere;
     * starts that do not cut the floats are refused.
     */
    @ParameterizedTest(name = "{0} ranks")
    @CsvSource({"2", "3"})
    void reduceScatterThenAllGatherOfEachRanksOwnChunk(int size) throws Exception {
        int length = 100_000;
        int[] start = size == 2 ? new int[] {0, 90_000, length} : new int[] {0, 0, 61_000, length};
        Random random = new Random(17 + size);
        float[][] inputs = new float[size][length];
        for (float[] in : inputs) {
            for (int i = 0; i < length; i++) {
                in[i] = (float) random.nextGaussian();
            }
        }
        double[] sum = new double[length];
        for (float[] in : inputs) {
            for (int i = 0; i < length; i++) {
                sum[i] += in[i];
            }
        }
        List<float[]> out = onRing(size, KEY, null, null, (rank, ring) -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(length * 4).order(java.nio.ByteOrder.nativeOrder());
            b.asFloatBuffer().put(inputs[rank]);
            assertThrows(IllegalArgumentException.class, () -> ring.reduceScatter(List.of(b), new int[] {0, length}));
            ring.reduceScatter(List.of(b), start);
            java.nio.FloatBuffer f = b.asFloatBuffer();
            int c = ring.ownedChunk();
            for (int i = start[c]; i < start[c + 1]; i++) {
                assertEquals(sum[i], f.get(i), 1e-5, "float " + i);
                f.put(i, -f.get(i));
            }
            ring.allGather(List.of(b), start);
            float[] got = new float[length];
            f.get(0, got);
            return got;
        });
        for (int i = 0; i < length; i++) {
            assertEquals(-sum[i], out.get(0)[i], 1e-5, "float " + i);
        }
        for (int r = 1; r < size; r++) {
            assertArrayEquals(out.get(0), out.get(r), "rank " + r);
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @CsvSource({"2", "3"})
    void gatherDisjointJoinsEachRanksSlots(int size) throws Exception {
        long[] expected = {Double.doubleToRawLongBits(1e-300), 0, -1L, Double.doubleToRawLongBits(12345.678), 7};
        List<long[]> out = onRing(size, KEY, null, null, (rank, ring) -> {
            long[] mine = new long[expected.length];
            for (int s = rank; s < expected.length; s += size) {
                mine[s] = expected[s];
            }
            return ring.gatherDisjoint(mine);
        });
        for (long[] got : out) {
            assertArrayEquals(expected, got);
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1} floats, TLS {2}")
    @CsvSource({"1, 5, false", "2, 1, false", "3, 2, false", "3, 7, false", "4, 1001, false", "2, 0, false",
        "3, 600000, false", "2, 1, true", "3, 300000, true"})
    void everyRankGetsTheSameExactSum(int size, int length, boolean encrypted) throws Exception {
        Random random = new Random(size * 31L + length);
        float[][] inputs = new float[size][length];
        double[] expected = new double[length];
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < length; i++) {
                inputs[r][i] = (float) random.nextGaussian();
                expected[i] += inputs[r][i];
            }
        }
        float[][] out = allReduce(size, inputs, encrypted ? tls() : KEY, null);
        for (int r = 1; r < size; r++) {
            assertArrayEquals(out[0], out[r], "rank " + r + " bitwise equal to rank 0");
        }
        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], out[0][i], 1e-5);
        }
    }

    /**
     * Buffers summed as one sequence (tensors' gradients where they live) give the bits of one
     * buffer, with parts that are empty, shorter than a block or a chunk, or span chunk and block
     * boundaries (the ring adds in blocks of 65,536 floats).
     */
    @ParameterizedTest(name = "{0} ranks")
    @CsvSource({"2", "3"})
    void buffersSummedAsOneSequenceGiveTheBitsOfOneBuffer(int size) throws Exception {
        int[] parts = {0, 7, 70_000, 1, 0, 131_071, 98_921, 0};
        int length = java.util.Arrays.stream(parts).sum();
        Random random = new Random(size);
        float[][] inputs = new float[size][length];
        for (float[] in : inputs) {
            for (int i = 0; i < length; i++) {
                in[i] = (float) random.nextGaussian();
            }
        }
        float[][] whole = allReduce(size, inputs, KEY, null, null, null);
        float[][] split = allReduce(size, inputs, KEY, null, null, parts);
        for (int r = 0; r < size; r++) {
            assertArrayEquals(whole[r], split[r], "rank " + r);
        }
    }

    @Test
    void aConnectionWithoutTheKeyIsRefusedAndTheRingStillForms() throws Exception {
        ServerSocketChannel s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocketChannel s1 = RingAllReduce.listen("127.0.0.1");
        List<String> addresses = List.of("127.0.0.1:" + RingAllReduce.port(s0), "127.0.0.1:" + RingAllReduce.port(s1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[]> r0 = pool.submit(() -> run(0, addresses, s0, new float[] {1, 2}));
            // Before rank 1 starts, an intruder with another key dials rank 0, claiming to be rank 1.
            try (Link intruder = dial(addresses.get(0))) {
                IOException refused = assertThrows(IOException.class,
                        () -> RingSecurity.authenticated("wrong").connectorHandshake(intruder, 1, 0, "rank 0"));
                assertTrue(refused.getMessage().contains("did not prove"), refused.getMessage());
            }
            Future<float[]> r1 = pool.submit(() -> run(1, addresses, s1, new float[] {3, 4}));
            assertArrayEquals(new float[] {4, 6}, r0.get());
            assertArrayEquals(new float[] {4, 6}, r1.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bytes a connector wrote in a handshake that succeeded, replayed to the same acceptor key: refused. */
    @Test
    void aReplayedHandshakeIsRefused() throws Exception {
        ServerSocketChannel server = RingAllReduce.listen("127.0.0.1");
        String address = "127.0.0.1:" + RingAllReduce.port(server);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Boolean> first = pool.submit(() -> KEY.acceptorHandshake(accept(server), 0, 1));
            java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();
            try (Link real = recording(dial(address), recorded)) {
                KEY.connectorHandshake(real, 1, 0, "rank 0");
            }
            assertTrue(first.get(), "the genuine handshake is accepted");

            Future<Boolean> replay = pool.submit(() -> KEY.acceptorHandshake(accept(server), 0, 1));
            try (Link attacker = dial(address)) {
                attacker.write(java.nio.ByteBuffer.wrap(recorded.toByteArray()));
                attacker.readFully(java.nio.ByteBuffer.allocate(72)); // the acceptor's fresh nonce and proof
            }
            assertFalse(replay.get(), "a replayed handshake must be refused");
        } finally {
            pool.shutdownNow();
            server.close();
        }
    }

    /** A listener without the key, posing as rank 1, gets rank 0's hello and nothing more. */
    @Test
    void aPeerWithoutTheKeyNeverReceivesAGradient() throws Exception {
        ServerSocketChannel s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocketChannel fake = RingAllReduce.listen("127.0.0.1");
        List<String> addresses = List.of("127.0.0.1:" + RingAllReduce.port(s0), "127.0.0.1:" + RingAllReduce.port(fake));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Integer> received = pool.submit(() -> {
                try (SocketChannel c = fake.accept()) {
                    java.io.InputStream in = c.socket().getInputStream();
                    byte[] hello = in.readNBytes(48);
                    byte[] guess = new byte[72]; // magic, rank 1, a nonce and a proof made without the key
                    new Random(3).nextBytes(guess);
                    java.nio.ByteBuffer.wrap(guess).putInt(0x5342_4152).putInt(1);
                    c.socket().getOutputStream().write(guess);
                    return hello.length + in.readAllBytes().length; // until rank 0 hangs up
                }
            });
            IOException e = assertThrows(IOException.class, () -> RingAllReduce.connect(0, addresses, s0, KEY, 5000));
            assertTrue(e.getMessage().contains("did not prove it is rank 1"), e.getMessage());
            assertEquals(48, received.get());
        } finally {
            pool.shutdownNow();
            fake.close();
        }
    }

    /**
     * A proxy between rank 0 and rank 1 records what rank 0 sends. Plain links carry the floats'
     * bytes as they are (the check can fail); TLS links never do.
     */
    @ParameterizedTest(name = "TLS {0}")
    @CsvSource({"false", "true"})
    void withEncryptionAProxySeesNoFloatsInClear(boolean encrypted) throws Exception {
        int n = 50_000;
        float[][] inputs = new float[2][n];
        for (int i = 0; i < n; i++) {
            inputs[0][i] = 1000f + i; // distinct values: any 16 bytes of them identify the payload
            inputs[1][i] = 1f;
        }
        try (Proxy proxy = new Proxy()) {
            float[][] out = allReduce(2, inputs, encrypted ? tls() : KEY, null, proxy::route);
            assertEquals(1001f + n - 1, out[1][n - 1]);
            byte[] seen = proxy.recorded();
            java.nio.ByteBuffer probe = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < 4; i++) {
                probe.putFloat(1000f + i);
            }
            boolean inClear = indexOf(seen, probe.array()) >= 0;
            assertTrue(seen.length > n * 2, "the proxy carried the traffic (" + seen.length + " bytes)");
            assertEquals(!encrypted, inClear, encrypted ? "TLS traffic showed the floats" : "plain traffic expected");
        }
    }

    /**
     * A TLS close waits for the peer's close_notify; around the ring every rank closes its outgoing
     * link first, so without a short wait each close lasted the whole socket timeout.
     */
    @Test
    void closingATlsRingDoesNotWaitForTheSocketTimeout() throws Exception {
        ServerSocketChannel s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocketChannel s1 = RingAllReduce.listen("127.0.0.1");
        List<String> addresses = List.of("127.0.0.1:" + RingAllReduce.port(s0), "127.0.0.1:" + RingAllReduce.port(s1));
        long timeout = 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> closeMillis = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int rank = r;
                ServerSocketChannel server = rank == 0 ? s0 : s1;
                closeMillis.add(pool.submit(() -> {
                    RingAllReduce ring = RingAllReduce.connect(rank, addresses, server, tls(), timeout);
                    ring.sumInPlace(new float[] {rank});
                    long t0 = System.currentTimeMillis();
                    ring.close();
                    return System.currentTimeMillis() - t0;
                }));
            }
            for (Future<Long> f : closeMillis) {
                assertTrue(f.get() < timeout / 2, "close took " + f.get() + " ms of a " + timeout + " ms timeout");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeadPeerFailsWithinTheTimeoutInsteadOfHanging() throws Exception {
        ServerSocketChannel s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocketChannel dead = RingAllReduce.listen("127.0.0.1"); // listens, never joins
        List<String> addresses = List.of("127.0.0.1:" + RingAllReduce.port(s0), "127.0.0.1:" + RingAllReduce.port(dead));
        long t0 = System.currentTimeMillis();
        IOException e = assertThrows(IOException.class, () -> RingAllReduce.connect(0, addresses, s0, KEY, 700));
        assertTrue(System.currentTimeMillis() - t0 < 10_000);
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
        dead.close();
    }

    private static float[] run(int rank, List<String> addresses, ServerSocketChannel server, float[] data)
            throws IOException {
        try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, server, KEY, 5000)) {
            ring.sumInPlace(data);
            return data;
        }
    }

    private static Link dial(String address) throws IOException {
        String[] hp = address.split(":");
        SocketChannel c = SocketChannel.open(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
        return Link.plain(c, 5000, address);
    }

    private static Link accept(ServerSocketChannel server) throws IOException {
        return Link.plain(server.accept(), 5000, "peer");
    }

    /** A link that also copies what it writes into {@code sink}. */
    private static Link recording(Link link, java.io.ByteArrayOutputStream sink) {
        return new Link() {
            @Override
            void write(java.nio.ByteBuffer src) throws IOException {
                java.nio.ByteBuffer copy = src.duplicate();
                byte[] b = new byte[copy.remaining()];
                copy.get(b);
                sink.write(b, 0, b.length);
                link.write(src);
            }

            @Override
            void readFully(java.nio.ByteBuffer dst) throws IOException {
                link.readFully(dst);
            }

            @Override
            public void close() throws IOException {
                link.close();
            }
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A TCP proxy on loopback that forwards one connection and records the bytes from the dialling side. */
    private static final class Proxy implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress());
        private final java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        private final ExecutorService pool = Executors.newFixedThreadPool(3);

        Proxy() throws IOException {}

        String route(String target) {
            String[] hp = target.split(":");
            pool.submit(() -> {
                try (java.net.Socket in = server.accept();
                        java.net.Socket out = new java.net.Socket(hp[0], Integer.parseInt(hp[1]))) {
                    Future<?> back = pool.submit(() -> {
                        out.getInputStream().transferTo(in.getOutputStream());
                        return null;
                    });
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.getInputStream().read(buf)) > 0) {
                        synchronized (seen) {
                            seen.write(buf, 0, n);
                        }
                        out.getOutputStream().write(buf, 0, n);
                    }
                    back.get();
                }
                return null;
            });
            return "127.0.0.1:" + server.getLocalPort();
        }

        byte[] recorded() {
            synchronized (seen) {
                return seen.toByteArray();
            }
        }

        @Override
        public void close() throws IOException {
            pool.shutdownNow();
            server.close();
        }
    }
}
