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
     * The driver's side: daemon threads that accept rank 0 (again when a retried task reconnects)
     * and hand every message to a consumer, until closed.
     */
    public static final class Receiver implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;
        private volatile boolean closed;
        private final java.util.Set<Link> links = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
                    Link link = Connections.accept(server, security, 60_000, DRIVER, 0);
                    links.add(link);
                    // Each connection is read on its own thread: a retried rank 0 may dial before the
                    // failed attempt's connection is closed.
                    Thread reader = new Thread(() -> read(link, onMessage), "spark-bert-progress-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    // nobody came within the minute, or the receiver was closed: wait again or stop
                }
            }
        }

        private void read(Link link, Consumer<String> onMessage) {
            ByteBuffer header = ByteBuffer.allocate(4);
            try {
                while (!closed) {
                    try {
                        link.readFully(header);
                    } catch (SocketTimeoutException idle) {
                        continue; // a long step; the partly read header is kept
                    }
                    int len = header.flip().getInt();
                    header.clear();
                    if (len < 0 || len > MAX_MESSAGE) {
                        return;
                    }
                    ByteBuffer body = ByteBuffer.allocate(len);
                    link.readFully(body);
                    onMessage.accept(new String(body.array(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // rank 0 finished or failed
            } finally {
                Connections.close(link);
                links.remove(link);
            }
        }

        @Override
        public void close() {
            closed = true;
            links.forEach(Connections::close);
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
