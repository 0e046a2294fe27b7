package dev.sparkbert.training.comm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The all-reduce beside the transport's limit, between two JVMs on one host: rank 0 and rank 1
 * each run this main. Per round, (a) the plain copy: each JVM sends FLOATS floats to the other
 * over one loopback channel per direction from a direct buffer and reads the other's into a direct
 * buffer, concurrently (the bytes a 2-rank ring all-reduce moves, with no summing and no protocol);
 * (b) {@link RingAllReduce#sumInPlace} of the same floats, plain and with TLS.
 *
 * <p>usage: TransportBenchmark RANK PORT_BASE FLOATS ROUNDS (rank 1 listens on PORT_BASE+1, rank
 * 0 on PORT_BASE; start both). Prints one line per measure with the median seconds and GB/s of
 * payload sent per JVM.
 */
public final class TransportBenchmark {

    public static void main(String[] args) throws Exception {
        int rank = Integer.parseInt(args[0]);
        int base = Integer.parseInt(args[1]);
        int floats = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<String> addresses = List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1));
        ByteBuffer data = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < floats; i++) {
            data.putFloat(i * 4, rank + i * 1e-6f);
        }
        double[] copy = plainCopy(rank, base + 10, data, rounds);
        report(rank, "plain loopback copy", copy, floats * 4L);
        for (boolean tls : new boolean[] {false, true}) {
            // With TLS both JVMs must share the key pair: rank 0 makes it, rank 1 reads it from a file.
            RingSecurity security = tls ? sharedTls(rank, base) : RingSecurity.authenticated("bench");
            ServerSocketChannel server = serverOn(base + rank + (tls ? 20 : 0));
            List<String> at = tls ? List.of("127.0.0.1:" + (base + 20), "127.0.0.1:" + (base + 21)) : addresses;
            double[] times = new double[rounds];
            try (RingAllReduce ring = RingAllReduce.connect(rank, at, server, security, 60_000)) {
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    ring.sumInPlace(data);
                    times[r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            // A ring of 2 sends each rank's half twice: the same bytes per JVM as the plain copy.
            report(rank, tls ? "ring all-reduce TLS" : "ring all-reduce", times, floats * 4L);
        }
    }

    private static RingSecurity sharedTls(int rank, int base) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "spark-bert-bench-" + base
                + ".ser");
        if (rank == 0) {
            RingSecurity s = RingSecurity.encrypted("bench");
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(file.getParent(), "bench", ".tmp");
            try (var out = new java.io.ObjectOutputStream(java.nio.file.Files.newOutputStream(tmp))) {
                out.writeObject(s);
            }
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return s;
        }
        while (!java.nio.file.Files.exists(file)) {
            Thread.sleep(50);
        }
        try (var in = new java.io.ObjectInputStream(java.nio.file.Files.newInputStream(file))) {
            RingSecurity s = (RingSecurity) in.readObject();
            java.nio.file.Files.delete(file);
            return s;
        }
    }

    private static ServerSocketChannel serverOn(int port) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    /** Each round: send all of {@code data} to the peer while receiving as many bytes from it. */
    private static double[] plainCopy(int rank, int port, ByteBuffer data, int rounds) throws Exception {
        SocketChannel out;
        SocketChannel in;
        if (rank == 0) {
            try (ServerSocketChannel server = serverOn(port)) {
                in = server.accept();
                out = server.accept();
            }
        } else {
            out = connect(port); // rank 0's first accepted connection is its input
            in = connect(port);
        }
        ByteBuffer incoming = ByteBuffer.allocateDirect(data.capacity());
        ExecutorService sender = Executors.newSingleThreadExecutor();
        double[] times = new double[rounds];
        try {
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                ByteBuffer payload = data.duplicate().clear();
                Future<?> sending = sender.submit(() -> {
                    while (payload.hasRemaining()) {
                        out.write(payload);
                    }
                    return null;
                });
                incoming.clear();
                while (incoming.hasRemaining()) {
                    in.read(incoming);
                }
                sending.get();
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
        } finally {
            sender.shutdownNow();
            in.close();
            out.close();
        }
        return times;
    }

    private static SocketChannel connect(int port) throws Exception {
        while (true) {
            try {
                return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
    }

    private static void report(int rank, String what, double[] times, long bytes) {
        if (rank != 0) {
            return;
        }
        double[] sorted = times.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf("%s: %.1f MB per JVM each way, median %.4f s, %.2f GB/s%n", what, bytes / 1e6, median,
                bytes / median / 1e9);
    }
}
