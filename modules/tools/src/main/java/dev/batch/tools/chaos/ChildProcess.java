package dev.batch.tools.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service of the system run as its own process from this classpath (a broker, or {@code Main}
 * with {@code BATCH_ROLES}), its output in a log file per start, ready when the log shows a line;
 * started again after a kill with the same command. For {@code scripts/chaos} and the scale-out bench.
 */
public final class ChildProcess {
    final String name;
    private final Path logs;
    private final List<String> command;
    private final Map<String, String> env;
    private final String readyLine;
    private Process process;
    private int starts;

    public ChildProcess(Path logs, String name, List<String> command, Map<String, String> env, String readyLine) {
        this.logs = logs;
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.readyLine = readyLine;
    }

    /** {@code java <heap> -cp <classpath> <main> <args…>} with this JVM's java. */
    public static List<String> java(String classpath, String heap, String main, String... args) {
        List<String> c = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-cp", classpath, main));
        c.addAll(List.of(args));
        return c;
    }

    /** Starts it and waits (up to 2 minutes) for its ready line. */
    public void start() throws IOException, InterruptedException {
        Path log = logs.resolve(name + "." + (++starts) + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        process = b.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(readyLine)) return;
            if (!process.isAlive()) throw new IllegalStateException(name + " exited during start-up; see " + log);
            Thread.sleep(100); // polling a child's log: there is nothing to wait on
        }
        throw new IllegalStateException(name + " not ready after 120 s; see " + log);
    }

    /** SIGTERM ({@code gracefully}) or SIGKILL, and waits for it to be gone. */
    public void kill(boolean gracefully) throws InterruptedException {
        if (gracefully) process.destroy();
        else process.destroyForcibly();
        process.waitFor();
    }

    /** Stops it if it runs: SIGTERM, then SIGKILL after 20 s. */
    public void stop() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }
}
