package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RingAllReduceTest {

    /** Runs one all-reduce with {@code size} ranks on loopback threads; returns every rank's result. */
    static float[][] allReduce(int size, float[][] inputs, String secret, Runnable beforeConnect) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ServerSocket s = RingAllReduce.listen("127.0.0.1");
            servers.add(s);
            addresses.add("127.0.0.1:" + s.getLocalPort());
        }
        if (beforeConnect != null) {
            beforeConnect.run();
        }
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, servers.get(rank), secret, 5000)) {
                        float[] buf = inputs[rank].clone();
                        ring.sumInPlace(buf);
                        return buf;
                    }
                }));
            }
            float[][] out = new float[size][];
            for (int r = 0; r < size; r++) {
                out[r] = results.get(r).get();
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1} floats")
    @CsvSource({"1, 5", "2, 1", "3, 2", "3, 7", "4, 1001", "2, 0", "3, 100000"})
    void everyRankGetsTheSameExactSum(int size, int length) throws Exception {
        Random random = new Random(size * 31L + length);
        float[][] inputs = new float[size][length];
        double[] expected = new double[length];
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < length; i++) {
                inputs[r][i] = (float) random.nextGaussian();
                expected[i] += inputs[r][i];
            }
        }
        float[][] out = allReduce(size, inputs, "secret", null);
        for (int r = 1; r < size; r++) {
            assertArrayEquals(out[0], out[r], "rank " + r + " bitwise equal to rank 0");
        }
        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], out[0][i], 1e-5);
        }
    }

    @Test
    void aConnectionWithoutTheSecretIsRefused() throws Exception {
        float[][] inputs = {{1, 2}, {3, 4}};
        float[][] out = allReduce(2, inputs, "right", null);
        assertArrayEquals(new float[] {4, 6}, out[1]);
        // An intruder dials rank 0 first with a wrong secret: refused, and the ring still forms.
        List<ServerSocket> servers = new ArrayList<>();
        ServerSocket s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocket s1 = RingAllReduce.listen("127.0.0.1");
        List<String> addresses = List.of("127.0.0.1:" + s0.getLocalPort(), "127.0.0.1:" + s1.getLocalPort());
        try (Socket intruder = new Socket("127.0.0.1", s0.getLocalPort())) {
            DataOutputStream d = new DataOutputStream(intruder.getOutputStream());
            d.writeInt(0x5342_4152);
            d.writeInt(1);
            d.write(RingAllReduce.digest("wrong"));
            d.flush();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<float[]> r0 = pool.submit(() -> run(0, addresses, s0, new float[] {1, 2}));
            Future<float[]> r1 = pool.submit(() -> run(1, addresses, s1, new float[] {3, 4}));
            assertArrayEquals(new float[] {4, 6}, r0.get());
            assertArrayEquals(new float[] {4, 6}, r1.get());
            pool.shutdownNow();
        }
        servers.clear();
    }

    @Test
    void aDeadPeerFailsWithinTheTimeoutInsteadOfHanging() throws Exception {
        ServerSocket s0 = RingAllReduce.listen("127.0.0.1");
        ServerSocket dead = RingAllReduce.listen("127.0.0.1"); // listens, never joins
        List<String> addresses = List.of("127.0.0.1:" + s0.getLocalPort(), "127.0.0.1:" + dead.getLocalPort());
        long t0 = System.currentTimeMillis();
        IOException e = assertThrows(IOException.class, () -> RingAllReduce.connect(0, addresses, s0, "s", 700));
        assertTrue(System.currentTimeMillis() - t0 < 10_000);
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
        dead.close();
    }

    private static float[] run(int rank, List<String> addresses, ServerSocket server, float[] data) throws IOException {
        try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, server, "right", 5000)) {
            ring.sumInPlace(data);
            return data;
        }
    }
}
