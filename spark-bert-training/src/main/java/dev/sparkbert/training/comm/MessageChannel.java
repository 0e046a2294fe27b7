package dev.sparkbert.training.comm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Short text messages from rank 0 to the driver (live progress), over a link that proves itself
 * like the ring's ({@link RingSecurity}: the same key, TLS when it encrypts). Rank 0 dials the
 * driver's {@link Receiver}; the driver proves itself first, so a stranger learns nothing.
 */
public final class MessageChannel implements AutoCloseable {

    /** The driver's rank in handshakes (replicas are 0..N-1). */
    static final int DRIVER = -1;
    private static final int MAX_MESSAGE = 1 << 20;

    private final Link link;

    private MessageChannel(Link link) {
        this.link = link;
    }

    /** Rank 0's side: connects to the driver's receiver at "host:port". */
    public static MessageChannel toDriver(String address, RingSecurity security, long timeoutMillis)
            throws IOException {
        return new MessageChannel(Connections.dial(address, security, timeoutMillis, 0, DRIVER, "the driver at "
                + address));
    }

    /** Sends one message (UTF-8, length-prefixed). */
    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        link.write(ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip());
    }

    @Override
    public void close() throws IOException {
        link.close();
    }

    /**
     * The driver's side: a daemon thread that accepts rank 0 (again after a retried task reconnects)
     * and hands every message to a consumer, until closed.
     */
    public static final class Receiver implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;
        private volatile boolean closed;
        private volatile Link current;

        private Receiver(ServerSocketChannel server, RingSecurity security, Consumer<String> onMessage) {
            this.server = server;
            this.thread = new Thread(() -> serve(security, onMessage), "spark-bert-progress-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        /** Listens on {@code host} (an address the executors can reach, such as spark.driver.host). */
        public static Receiver start(String host, RingSecurity security, Consumer<String> onMessage)
                throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(host, 0));
            return new Receiver(server, security, onMessage);
        }

        /** "host:port" for rank 0 to dial. */
        public String address() {
            InetSocketAddress a = (InetSocketAddress) server.socket().getLocalSocketAddress();
            return a.getHostString() + ":" + a.getPort();
        }

        private void serve(RingSecurity security, Consumer<String> onMessage) {
            while (!closed) {
                try {
                    current = Connections.accept(server, security, 60_000, DRIVER, 0);
                    ByteBuffer header = ByteBuffer.allocate(4);
                    while (!closed) {
                        try {
                            current.readFully(header);
                        } catch (SocketTimeoutException idle) {
                            continue; // a long step; the partly read header is kept
                        }
                        int len = header.flip().getInt();
                        header.clear();
                        if (len < 0 || len > MAX_MESSAGE) {
                            break;
                        }
                        ByteBuffer body = ByteBuffer.allocate(len);
                        current.readFully(body);
                        onMessage.accept(new String(body.array(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // rank 0 finished or failed (a retry reconnects), or nobody came yet: wait again
                } finally {
                    Connections.close(current);
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            Connections.close(current);
            try {
                server.close();
                thread.join(5_000);
            } catch (IOException ignored) {
                // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
