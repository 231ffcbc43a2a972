package dev.batch.worker.parse;

import dev.batch.common.jobs.TimeLimit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of parser JVMs ({@link ParserChild}), one per concurrent parse, each with its own heap
 * limit, kept warm across documents. A parse that runs past its deadline gets its process killed;
 * a process that dies (out of memory, a native crash) is replaced. Either way only that item fails,
 * with an error code saying which bound it hit.
 */
public final class ParserPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParserPool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The exit code of a JVM stopped by -XX:+ExitOnOutOfMemoryError. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    private final int size;
    private final String heap;
    private final List<String> extraFlags;
    private final String mainClass;
    private final BlockingQueue<Child> idle;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "parser-pool-io");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** Numbers the requests; each answer must carry its request's number. */
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    /** What a parse came to: done, or failed with a code and message. */
    public record Outcome(boolean ok, int pages, String code, String message) {
        static Outcome failed(String code, String message) {
            return new Outcome(false, 0, code, message);
        }
    }

    public ParserPool(int size, String heap) {
        this(size, heap, List.of());
    }

    /** With {@code extraFlags} for the parser JVMs (benchmarks try settings this way). */
    public ParserPool(int size, String heap, List<String> extraFlags) {
        this(size, heap, extraFlags, ParserChild.class.getName());
    }

    /** Tests: JVMs running {@code mainClass} instead of {@link ParserChild}, started the same way. */
    ParserPool(int size, String heap, List<String> extraFlags, String mainClass) {
        this.size = size;
        this.heap = heap;
        this.extraFlags = List.copyOf(extraFlags);
        this.mainClass = mainClass;
        // Fair: worker loops waiting for a parser get one in turn. Unfair hand-over let one loop fall
        // behind, and it ended each job parsing its backlog alone while the other parsers idled.
        this.idle = new ArrayBlockingQueue<>(size, true);
        for (int i = 0; i < size; i++) idle.add(new Child(i)); // started lazily, on first use
    }

    /** Parses {@code input} into the result JSON at {@code output}; waits at most as long as {@code limit} allows. */
    public Outcome parse(Path input, Path output, Path imagesDir, String name, String configJson, String jobId, String itemId,
                         String fileId, String projectId, TimeLimit limit) throws InterruptedException {
        Child child = idle.take();
        try {
            return child.parse(input, output, imagesDir, name, configJson, jobId, itemId, fileId, projectId, limit);
        } finally {
            idle.add(child);
        }
    }

    /**
     * The command that starts a parser JVM: this JVM's java and class path, the heap limit, and
     * {@code extraFlags} last (they win over the defaults).
     */
    private static List<String> command(String heap, List<String> extraFlags, String mainClass) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-Xss4m", "-Djava.awt.headless=true"));
        cmd.addAll(extraFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return cmd;
    }

    final class Child {
        private final int index;
        private volatile Process process;
        private Writer stdin;
        private BufferedReader stdout;

        Child(int index) {
            this.index = index;
        }

        /**
         * One request and its answer. The process is in step with this pool only once the answer
         * to the request written was read: whatever else happens after the write (a timeout, an
         * interrupt, a bug here) kills it, so no later request can read a stale answer.
         */
        Outcome parse(Path input, Path output, Path imagesDir, String name, String configJson, String jobId, String itemId,
                      String fileId, String projectId, TimeLimit limit) throws InterruptedException {
            long id = requests.incrementAndGet();
            // Computed before anything is written: a job's absurd limit must not throw between request and answer.
            long allowed = nanos(limit.timeout());
            long extraPerPage = nanos(limit.perPage());
            boolean inStep = false;
            try {
                try {
                    ensureStarted();
                    java.util.Map<String, Object> req = new java.util.LinkedHashMap<>();
                    req.put("id", id);
                    req.put("input", input.toString());
                    req.put("output", output.toString());
                    req.put("images_dir", imagesDir == null ? null : imagesDir.toString());
                    req.put("name", name);
                    req.put("config", configJson);
                    req.put("job_id", jobId);
                    req.put("item_id", itemId);
                    req.put("file_id", fileId);
                    req.put("project_id", projectId);
                    stdin.write(JSON.writeValueAsString(req));
                    stdin.write('\n');
                    stdin.flush();
                } catch (IOException e) {
                    log.warn("Parser process {} could not take item {} of job {}", index, itemId, jobId, e);
                    return Outcome.failed("PARSER_UNAVAILABLE", "the parser process could not take " + name + "; " + ErrorText.RETRY);
                }
                long start = System.nanoTime();
                BufferedReader answers = stdout;
                while (true) {
                    long left = allowed - (System.nanoTime() - start);
                    String line = CompletableFuture.supplyAsync(() -> readLine(answers), io).get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (line == null) return died();
                    JsonNode a = JSON.readTree(line);
                    if (a.path("id").asLong(-1) != id) {
                        log.warn("Parser process {} answered request {} (item {} of job {}) with {}; replacing it", index, id, itemId, jobId, line);
                        return Outcome.failed("PARSER_CRASHED", "the parser process gave an answer that was not for " + name);
                    }
                    if (a.has("pages_known")) {
                        allowed = saturatedAdd(allowed, saturatedMultiply(extraPerPage, Math.max(0, a.get("pages_known").asLong())));
                        continue;
                    }
                    inStep = true;
                    return a.path("ok").asBoolean()
                            ? new Outcome(true, a.path("pages").asInt(), null, null)
                            : Outcome.failed(a.path("code").asText("PARSE_ERROR"), a.path("message").asText());
                }
            } catch (TimeoutException e) {
                Duration passed = Duration.ofNanos(allowed);
                log.warn("Parser {} passed its {} limit on {}; killing it", index, passed, name);
                return Outcome.failed("TIMEOUT", "parsing " + name + " took longer than the limit of " + TimeLimit.seconds(passed)
                        + " s (" + limit.basis() + ")");
            } catch (ExecutionException | IOException e) {
                log.warn("Parser process {} failed on item {} of job {}", index, itemId, jobId, e);
                return Outcome.failed("PARSER_CRASHED", "the parser process failed on " + name + "; " + ErrorText.RETRY);
            } finally {
                if (!inStep) kill();
            }
        }

        private Outcome died() throws InterruptedException {
            Process p = process;
            int code = -1;
            if (p != null && p.waitFor(5, TimeUnit.SECONDS)) code = p.exitValue();
            kill();
            if (code == OUT_OF_MEMORY_EXIT) {
                return Outcome.failed("OUT_OF_MEMORY", "the document needed more memory than the parser's limit of " + heap);
            }
            return Outcome.failed("PARSER_CRASHED", "the parser process crashed (exit code " + code + ")");
        }

        /** The next protocol line; the JVM itself may print a line (e.g. "Terminating due to ...OutOfMemoryError") before dying. */
        private String readLine(BufferedReader from) {
            try {
                String line;
                while ((line = from.readLine()) != null) {
                    if (line.startsWith("{")) return line;
                    log.warn("Parser process {}: {}", index, line);
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }

        private void ensureStarted() throws IOException {
            if (closed) throw new IOException("the parser pool is closed");
            if (process != null && process.isAlive()) return;
            ProcessBuilder pb = new ProcessBuilder(command(heap, extraFlags, mainClass)).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().clear();
            pb.environment().putAll(childEnvironment(System.getenv()));
            process = pb.start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // The JVM itself may print a line or two first (a flight recording started by an extra flag, say).
            String hello = stdout.readLine();
            for (int skipped = 0; hello != null && !hello.contains("\"ready\"") && skipped < 20; skipped++) {
                log.info("Parser process {} said before starting: {}", index, hello);
                hello = stdout.readLine();
            }
            if (hello == null || !hello.contains("ready")) {
                kill();
                throw new IOException("the parser process did not start");
            }
            log.info("Parser process {} started (pid {}, heap {})", index, process.pid(), heap);
        }

        void kill() {
            Process p = process;
            process = null;
            if (p != null) {
                destroyTree(p.toHandle(), Duration.ofSeconds(5));
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The variables a parser JVM may see of this JVM's environment: what it and Tesseract need to
     * run, and how to log. An allow-list, so that API keys, cloud credentials and the model's key never reach a
     * process that reads untrusted documents. {@code JAVA_TOOL_OPTIONS} and its kin stay out too:
     * they are this JVM's flags (an agent's key among them, perhaps); the pool sets the parser's.
     */
    static final java.util.Set<String> CHILD_ENVIRONMENT = java.util.Set.of(
            "PATH", "HOME", "TMPDIR", "TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_NUMERIC",
            "LC_TIME", "LC_MONETARY", "LC_PAPER", "LC_MEASUREMENT", "JAVA_HOME", "LD_LIBRARY_PATH", "FONTCONFIG_PATH",
            "TESSDATA_PREFIX", "OMP_THREAD_LIMIT", "BATCH_TESSERACT", "BATCH_LOG_LEVEL", "BATCH_LOG_FORMAT");

    /** The environment of a parser JVM, from this JVM's: only the variables in {@link #CHILD_ENVIRONMENT}. */
    static java.util.Map<String, String> childEnvironment(java.util.Map<String, String> parent) {
        java.util.Map<String, String> env = new java.util.TreeMap<>();
        parent.forEach((name, value) -> {
            if (CHILD_ENVIRONMENT.contains(name)) env.put(name, value);
        });
        return env;
    }

    /**
     * Kills {@code root} and every process under it (a parser JVM's Tesseract runs), then waits up
     * to {@code wait} for all of them to end. The root goes first, so it starts no more children;
     * the ones it had are no longer its descendants once it is gone, hence the list taken before.
     */
    static void destroyTree(ProcessHandle root, Duration wait) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        root.destroyForcibly();
        tree.addAll(root.descendants().toList()); // any started between the list and the kill
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.add(root);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Processes of parser process {} still running {} after they were killed: {}", root.pid(), wait,
                    tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
        }
    }

    /** {@code d} in nanoseconds, 0 when negative and {@link Long#MAX_VALUE} when longer than that. */
    static long nanos(Duration d) {
        if (d.isNegative()) return 0;
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    static long saturatedMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** Starts every parser process now, so the first documents do not pay for it. */
    public void warmUp() {
        List<Child> all = new ArrayList<>();
        idle.drainTo(all);
        try {
            for (Child c : all) {
                try {
                    c.ensureStarted();
                } catch (IOException e) {
                    log.warn("Parser process {} failed to start: {}", c.index, e.getMessage());
                }
            }
        } finally {
            idle.addAll(all);
        }
    }

    /** Tests: the parser processes running now, of the children not lent out. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Child c : idle) {
            Process p = c.process;
            if (p != null) out.add(p.toHandle());
        }
        return out;
    }

    public int size() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
        List<Child> all = new ArrayList<>();
        idle.drainTo(all);
        all.forEach(Child::kill);
        io.shutdownNow();
    }
}
