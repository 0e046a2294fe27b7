package dev.sparkbert.training.comm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How replicas prove themselves to each other and protect gradients on the wire, as the cluster's
 * Spark settings say.
 *
 * <p>Authentication: a challenge-response with fresh nonces from both sides and HMAC-SHA256 over
 * them (see {@link #proof}), keyed by the job's secret, or, with {@code spark.authenticate=true},
 * by a key derived from Spark's application secret and the job's secret. A recorded handshake is
 * useless: the other side's nonce is new every time. The side that sends gradients checks the
 * receiver's proof first, so a peer without the key never learns one.
 *
 * <p>Encryption: when Spark encrypts its own traffic (any of {@link #ENCRYPTION_SETTINGS}), the
 * links are TLS 1.3 (the JDK's JSSE) with a key pair made for the job on the driver by the JDK's
 * {@code keytool}; both ends present it and trust only it, and the challenge-response runs inside.
 */
public final class RingSecurity implements Serializable {

    /** Spark settings under which Spark encrypts its own traffic; any of them on encrypts the gradients too. */
    public static final List<String> ENCRYPTION_SETTINGS = List.of("spark.network.crypto.enabled",
            "spark.authenticate.enableSaslEncryption", "spark.ssl.enabled", "spark.ssl.rpc.enabled");

    private static final long serialVersionUID = 1L;
    private static final int MAGIC = 0x5342_4152; // "SBAR"
    private static final int VERSION = 2;
    private static final int NONCE_BYTES = 32;
    private static final int PROOF_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final boolean useSparkSecret;
    private final byte[] keystore;
    private final String keystorePassword;
    private transient byte[] key;
    private transient SSLContext tls;

    private RingSecurity(String secret, boolean useSparkSecret, byte[] keystore, String keystorePassword) {
        this.secret = secret;
        this.useSparkSecret = useSparkSecret;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
    }

    /** Authentication with a new job secret; no encryption (tests, and clusters that do not encrypt). */
    public static RingSecurity authenticated(String secret) {
        return new RingSecurity(secret, false, null, null);
    }

    /**
     * The security a job's settings ask for, decided on the driver: a new job secret, Spark's
     * application secret mixed in when {@code spark.authenticate} is on, TLS when Spark encrypts.
     */
    public static RingSecurity forJob(org.apache.spark.SparkConf conf) {
        String secret = newSecret();
        boolean sparkSecret = conf.getBoolean("spark.authenticate", false);
        boolean encrypt = ENCRYPTION_SETTINGS.stream().anyMatch(k -> conf.getBoolean(k, false));
        return encrypt ? withTls(secret, sparkSecret) : new RingSecurity(secret, sparkSecret, null, null);
    }

    /** The same security with TLS, whatever Spark's settings (tests, benchmarks). */
    public static RingSecurity encrypted(String secret) {
        return withTls(secret, false);
    }

    /** Security with a new key pair for TLS, in a keystore under a new password. */
    private static RingSecurity withTls(String secret, boolean useSparkSecret) {
        String password = newSecret();
        return new RingSecurity(secret, useSparkSecret, selfSignedKeystore(password), password);
    }

    public boolean encrypts() {
        return keystore != null;
    }

    /** What protects the links, for logs: "TLS 1.3, HMAC key from ..." or "plain TCP, HMAC key from ...". */
    @Override
    public String toString() {
        return (encrypts() ? "TLS 1.3" : "plain TCP") + ", HMAC key from "
                + (useSparkSecret ? "Spark's application secret" : "the job's secret");
    }

    /**
     * HMAC-SHA256 of one handshake message: who proves (the connecting or the accepting side), both
     * ranks and both nonces, under the job's key.
     */
    private byte[] proof(String role, int from, int to, byte[] connectorNonce, byte[] acceptorNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            mac.update((role + "|" + from + "|" + to).getBytes(StandardCharsets.UTF_8));
            mac.update(connectorNonce);
            mac.update(acceptorNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    private synchronized byte[] key() throws GeneralSecurityException {
        if (key == null) {
            key = deriveKey();
        }
        return key;
    }

    private byte[] deriveKey() throws GeneralSecurityException {
        byte[] job = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        if (!useSparkSecret) {
            return job;
        }
        String app = org.apache.spark.SparkEnv.get().securityManager().getSecretKey();
        if (app == null) {
            throw new IllegalStateException("spark.authenticate is on but this JVM has no Spark application secret");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(app.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(job);
    }

    /** The TLS context of the job's key pair, trusting only it; null without encryption. */
    synchronized SSLContext tls() {
        if (keystore == null) {
            return null;
        }
        if (tls != null) {
            return tls;
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(keystore), keystorePassword.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keystorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
            tls = ctx;
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for the all-reduce", e);
        }
    }

    /**
     * The connecting side's handshake (it will send gradients to {@code peerRank}): sends its rank and
     * a fresh nonce, checks the acceptor's proof over both nonces before anything else, then proves
     * itself.
     *
     * @throws IOException when the peer is not the expected rank or cannot prove the job's key
     */
    void connectorHandshake(Link link, int rank, int peerRank, String peer) throws IOException {
        byte[] mine = nonce();
        ByteBuffer hello = ByteBuffer.allocate(16 + NONCE_BYTES).putInt(MAGIC).putInt(VERSION).putInt(byteOrder())
                .putInt(rank).put(mine).flip();
        link.write(hello);
        ByteBuffer answer = ByteBuffer.allocate(8 + NONCE_BYTES + PROOF_BYTES);
        link.readFully(answer);
        answer.flip();
        int magic = answer.getInt();
        int answeredRank = answer.getInt();
        byte[] theirs = new byte[NONCE_BYTES];
        byte[] proof = new byte[PROOF_BYTES];
        answer.get(theirs).get(proof);
        if (magic != MAGIC || answeredRank != peerRank
                || !MessageDigest.isEqual(proof, proof("acceptor", peerRank, rank, mine, theirs))) {
            throw new IOException("rank " + rank + ": " + peer + " did not prove it is rank " + peerRank
                    + " of this job (wrong key, or not a spark-bert replica); nothing was sent to it");
        }
        link.write(ByteBuffer.wrap(proof("connector", rank, peerRank, mine, theirs)));
    }

    /**
     * The accepting side's handshake: reads the connector's rank and nonce, answers with a fresh
     * nonce and its proof, and checks the connector's proof over both nonces (a replayed one was
     * made for another nonce).
     *
     * @return whether the connector is {@code expectedRank} of this job
     */
    boolean acceptorHandshake(Link link, int rank, int expectedRank) throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(16 + NONCE_BYTES);
        link.readFully(hello);
        hello.flip();
        if (hello.getInt() != MAGIC || hello.getInt() != VERSION || hello.getInt() != byteOrder()
                || hello.getInt() != expectedRank) {
            return false;
        }
        byte[] theirs = new byte[NONCE_BYTES];
        hello.get(theirs);
        byte[] mine = nonce();
        link.write(ByteBuffer.allocate(8 + NONCE_BYTES + PROOF_BYTES).putInt(MAGIC).putInt(rank).put(mine)
                .put(proof("acceptor", rank, expectedRank, theirs, mine)).flip());
        ByteBuffer proof = ByteBuffer.allocate(PROOF_BYTES);
        link.readFully(proof);
        return MessageDigest.isEqual(proof.array(), proof("connector", expectedRank, rank, theirs, mine));
    }

    /** Gradients travel in the ranks' native byte order, so all must share it. */
    private static int byteOrder() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 2;
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A PKCS12 keystore with a new EC key pair and its self-signed certificate, made by the JDK's keytool. */
    private static byte[] selfSignedKeystore(String password) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("spark-bert-tls");
            Path file = dir.resolve("ring.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "ring", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=spark-bert all-reduce", "-validity", "7", "-storetype",
                    "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the all-reduce's TLS key pair with keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try {
                    dev.sparkbert.core.util.LocalFolders.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temp folder
                }
            }
        }
    }
}
