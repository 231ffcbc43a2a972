package dev.batch.testkit;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server for tests: Adobe's S3Mock (its Spring Boot jar from Maven Central, on the
 * test classpath) in its own process, on a free port, with one bucket, storing under a folder.
 * Any credentials are accepted; clients need path-style addressing.
 */
public final class S3Server implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String bucket;

    private S3Server(Process process, int port, String bucket) {
        this.process = process;
        this.port = port;
        this.bucket = bucket;
    }

    public static S3Server start(Path root, String bucket) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createDirectories(root).resolve("s3mock.log");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar(),
                        "--server.port=0",
                        "--com.adobe.testing.s3mock.httpPort=" + port,
                        "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
                        "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3Server server = new S3Server(p, port, bucket);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.answers()) {
            if (!p.isAlive())
                throw new IOException("S3Mock exited with " + p.exitValue() + ": " + Files.readString(log));
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("S3Mock did not answer within 60 s: " + Files.readString(log));
            }
            Thread.sleep(100); // start-up poll of a separate process
        }
        return server;
    }

    /** {@code http://localhost:<port>} */
    public String endpoint() {
        return "http://localhost:" + port;
    }

    public String bucket() {
        return bucket;
    }

    private boolean answers() {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String jar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("s3mock-") && name.endsWith("-exec.jar")) return entry;
        }
        throw new IllegalStateException(
                "S3Mock's exec jar is not on the classpath (dependency com.adobe.testing:s3mock:exec of batch-testkit)");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
