package dev.sparkbert.core.precision;

import dev.sparkbert.core.util.LocalFolders;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Locale;
import java.util.Set;

/**
 * ONNX Runtime's native libraries unpacked once per machine and user into {@code
 * java.io.tmpdir/spark-bert-native-USER/onnxruntime-PLATFORM-CRC} and handed to ONNX Runtime through
 * its {@code onnxruntime.native.path} property. Left to itself, every JVM that opens a session
 * unpacks them again (22 MB on linux-x64) into a new {@code onnxruntime-java*} folder, and its exit
 * hooks delete that folder before the files in it, so every executor JVM leaves the folder behind.
 * The folder is the user's alone (mode 700 where the file system has POSIX permissions): a library
 * another user could have written there would run as this one.
 */
final class OnnxRuntimeLibraries {

    static final String PATH_PROPERTY = "onnxruntime.native.path";
    /** ONNX Runtime's libraries in the order it loads them. */
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OnnxRuntimeLibraries.class);

    private OnnxRuntimeLibraries() {}

    /**
     * Points ONNX Runtime at the unpacked libraries, unpacking them first if no JVM of this machine
     * has. Leaves ONNX Runtime to its own loading when the property is already set (the user's
     * choice) or the libraries are not in a jar for this platform; a failure to unpack is logged,
     * and ONNX Runtime then unpacks them as it would have.
     */
    static synchronized void prepare() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String platform = platform();
        if (platform == null) {
            return;
        }
        try {
            Path dir = folder(Path.of(System.getProperty("java.io.tmpdir")), platform);
            if (dir != null) {
                System.setProperty(PATH_PROPERTY, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not unpack ONNX Runtime's libraries once per machine ({}); it unpacks them itself", e.toString());
        }
    }

    /**
     * The published folder of {@code platform}'s libraries (ONNX Runtime's name, e.g. {@code
     * linux-x64}) under {@code tmp}, or null when they are not in a jar on the classpath. Keyed by
     * the main library's CRC-32 from the jar's directory, so each ONNX Runtime build gets its own.
     *
     * @throws IOException when this user's folder under {@code tmp} is not this user's alone
     */
    static Path folder(Path tmp, String platform) throws IOException {
        URL main = resource(platform, LIBRARIES[0]);
        if (main == null) {
            return null;
        }
        URLConnection connection = main.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return null;
        }
        long crc = jar.getJarEntry().getCrc();
        Path dir = privateFolder(tmp.resolve("spark-bert-native-" + System.getProperty("user.name")))
                .resolve("onnxruntime-" + platform + "-" + Long.toHexString(crc));
        if (LocalFolders.use(dir)) {
            return dir;
        }
        Path work = LocalFolders.workFolderFor(dir);
        try {
            for (String library : LIBRARIES) {
                URL url = resource(platform, library);
                if (url == null) {
                    throw new IOException("ONNX Runtime's " + System.mapLibraryName(library) + " for " + platform
                            + " is missing beside " + main);
                }
                try (InputStream in = url.openStream()) {
                    Files.copy(in, work.resolve(System.mapLibraryName(library)));
                }
            }
            return LocalFolders.publish(work, dir);
        } finally {
            LocalFolders.deleteTree(work);
        }
    }

    /** {@code dir}, made if missing; refused unless it is this user's and only they can write in it (POSIX). */
    private static Path privateFolder(Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(dir);
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (FileAlreadyExistsException e) {
            // An earlier JVM's, or a squatter's: checked below.
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = ownerOfNewFile(dir.getParent());
        if (!a.isDirectory() || !a.owner().equals(me) || !a.permissions().equals(ownerOnly)) {
            throw new IOException(dir + " is not a folder of " + me.getName() + "'s alone (owner "
                    + a.owner().getName() + ", " + PosixFilePermissions.toString(a.permissions()) + ")");
        }
        return dir;
    }

    /** Who this process is to the file system (also a user id without a name, as in many containers). */
    private static UserPrincipal ownerOfNewFile(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".spark-bert-owner", "");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private static URL resource(String platform, String library) {
        return OnnxRuntimeLibraries.class.getClassLoader()
                .getResource("ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(library));
    }

    /** This JVM's platform as ONNX Runtime's jar names it ({@code linux-x64}), or null for another. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
