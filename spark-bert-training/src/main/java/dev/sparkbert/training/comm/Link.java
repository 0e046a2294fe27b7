package dev.sparkbert.training.comm;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A connection to one peer rank: whole-buffer writes and reads, each failing after the timeout
 * instead of hanging on a dead peer. One thread uses a link at a time.
 */
abstract class Link implements Closeable {

    /** Writes every remaining byte of {@code src}. */
    abstract void write(ByteBuffer src) throws IOException;

    /** Fills the remaining bytes of {@code dst}. */
    abstract void readFully(ByteBuffer dst) throws IOException;

    /**
     * A plain TCP link: a non-blocking channel, so a direct buffer (a tensor's memory) goes to the
     * kernel without a Java copy.
     */
    static Link plain(SocketChannel channel, long timeoutMillis, String peer) throws IOException {
        return new ChannelLink(channel, timeoutMillis, peer);
    }

    /** A link over a connected socket's streams (a TLS socket); its read timeout is the socket's. */
    static Link streams(Socket socket, String peer) throws IOException {
        return new StreamLink(socket, peer);
    }

    private static final class ChannelLink extends Link {
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;
        private final long timeoutMillis;
        private final String peer;

        ChannelLink(SocketChannel channel, long timeoutMillis, String peer) throws IOException {
            this.channel = channel;
            this.timeoutMillis = timeoutMillis;
            this.peer = peer;
            channel.configureBlocking(false);
            selector = Selector.open();
            key = channel.register(selector, 0);
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                if (channel.write(src) == 0) {
                    await(SelectionKey.OP_WRITE, "sending to");
                }
            }
        }

        @Override
        void readFully(ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                int n = channel.read(dst);
                if (n < 0) {
                    throw new EOFException(peer + " closed the connection");
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ, "receiving from");
                }
            }
        }

        private void await(int op, String what) throws IOException {
            key.interestOps(op);
            if (selector.select(timeoutMillis) == 0) {
                throw new SocketTimeoutException(what + " " + peer + " timed out after " + timeoutMillis + " ms");
            }
            selector.selectedKeys().clear();
        }

        @Override
        public void close() throws IOException {
            try {
                selector.close();
            } finally {
                channel.close();
            }
        }
    }

    private static final class StreamLink extends Link {
        private static final int CLOSE_WAIT_MILLIS = 100;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] staging = new byte[1 << 16];
        private final String peer;

        StreamLink(Socket socket, String peer) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.peer = peer;
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                int n = Math.min(staging.length, src.remaining());
                src.get(staging, 0, n);
                out.write(staging, 0, n);
            }
            out.flush();
        }

        @Override
        void readFully(ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                int n = in.read(staging, 0, Math.min(staging.length, dst.remaining()));
                if (n < 0) {
                    throw new EOFException(peer + " closed the connection");
                }
                dst.put(staging, 0, n);
            }
        }

        @Override
        public void close() throws IOException {
            // A TLS close waits for the peer's close_notify, and around the ring every rank closes
            // its outgoing link first: without a short wait each close would last the full timeout.
            try {
                socket.setSoTimeout(CLOSE_WAIT_MILLIS);
            } catch (IOException ignored) {
                // already closed
            }
            socket.close();
        }
    }
}
