package dev.sparkbert.training.comm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/** Opening authenticated links: dialling a peer and accepting one, plain or TLS as {@link RingSecurity} says. */
final class Connections {

    private Connections() {}

    /**
     * Connects to {@code address} (retrying until the timeout while the peer is not listening yet)
     * and runs the connector's handshake: the peer must prove it is {@code peerRank} before this
     * side sends anything else.
     */
    static Link dial(String address, RingSecurity security, long timeoutMillis, int rank, int peerRank, String peer)
            throws IOException {
        String[] hostPort = address.split(":");
        InetSocketAddress target = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Link link = null;
        while (link == null) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(target, (int) timeoutMillis);
                link = open(channel, security, timeoutMillis, true, peer);
            } catch (IOException e) {
                channel.close();
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("rank " + rank + " cannot reach " + peer, e);
                }
                sleep(100);
            }
        }
        try {
            security.connectorHandshake(link, rank, peerRank, peer);
            return link;
        } catch (IOException | RuntimeException e) {
            close(link);
            throw e;
        }
    }

    /**
     * Accepts connections until one proves it is {@code expectedRank} of this job (the others are
     * refused and closed), or the timeout passes.
     */
    static Link accept(ServerSocketChannel server, RingSecurity security, long timeoutMillis, int rank,
            int expectedRank) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Socket s;
            try {
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                server.socket().setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                s = server.socket().accept();
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("rank " + rank + ": rank " + expectedRank + " did not connect and prove"
                        + " the job's key within " + timeoutMillis + " ms");
            }
            String peer = "rank " + expectedRank + " at " + s.getRemoteSocketAddress();
            Link link = null;
            try {
                link = open(s.getChannel(), security, Math.max(1, Math.min(left, timeoutMillis)), false, peer);
                if (security.acceptorHandshake(link, rank, expectedRank)) {
                    return link;
                }
            } catch (IOException e) {
                // a stranger that broke off or spoke another protocol: refused like a wrong proof
            }
            if (link != null) {
                close(link);
            } else {
                s.close();
            }
        }
    }

    /** A plain or TLS link over a connected channel (TLS: the connector is the client). */
    private static Link open(SocketChannel channel, RingSecurity security, long timeoutMillis, boolean client,
            String peer) throws IOException {
        Socket socket = channel.socket();
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(4 << 20);
        socket.setReceiveBufferSize(4 << 20);
        if (security.tls() == null) {
            return Link.plain(channel, timeoutMillis, peer);
        }
        socket.setSoTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        SSLSocket tls = (SSLSocket) security.tls().getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(client);
        tls.setNeedClientAuth(true);
        tls.setEnabledProtocols(new String[] {"TLSv1.3"});
        tls.startHandshake();
        return Link.streams(tls, peer);
    }

    static void close(Link link) {
        if (link != null) {
            try {
                link.close();
            } catch (IOException ignored) {
                // failing anyway
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
