package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.ErrorCode;
import dev.batch.worker.parse.ParserPool.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parser JVM ({@link ParserChild}) of a {@link ParserPool} and the line protocol to it: a request
 * a line on its standard input; on its standard output, perhaps the page count, then the answer, a
 * line each, both carrying the request's id. Started on first use. Killed when a parse passes its
 * {@link Deadline} or anything else goes wrong between a request and its answer, and started again
 * for the next document.
 */
final class ParserProcess {
    private static final Logger log = LoggerFactory.getLogger(ParserProcess.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The exit code of a JVM stopped by -XX:+ExitOnOutOfMemoryError. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    private final int index;
    private final List<String> command;
    private final String heap;
    private final ExecutorService io;
    private final BooleanSupplier closed;
    private volatile Process process;
    private Writer stdin;
    private BufferedReader stdout;

    /** Reads answers on {@code io}; starts no process once {@code closed} says so. */
    ParserProcess(int index, List<String> command, String heap, ExecutorService io, BooleanSupplier closed) {
        this.index = index;
        this.command = List.copyOf(command);
        this.heap = heap;
        this.io = io;
        this.closed = closed;
    }

    int index() {
        return index;
    }

    /** The process running now, if any. */
    Process process() {
        return process;
    }

    /**
     * One request and its answer. The process is in step with the pool only once the answer to the
     * request written was read: whatever else happens after the write (a timeout, an interrupt, a
     * bug here) kills it, so no later request can read a stale answer.
     */
    Outcome parse(ParseRequest req, TimeLimit limit) throws InterruptedException {
        Deadline deadline =
                new Deadline(limit); // before anything is written: nothing may throw between request and answer
        boolean inStep = false;
        try {
            try {
                start();
                stdin.write(req.toJson());
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                log.warn("Parser process {} could not take item {} of job {}", index, req.itemId(), req.jobId(), e);
                return Outcome.failed(
                        ErrorCode.PARSER_UNAVAILABLE,
                        "the parser process could not take " + req.name() + "; " + ErrorText.RETRY);
            }
            deadline.start();
            JsonNode answer = answer(req.id(), deadline);
            if (answer == null) return died();
            if (answer.path("id").asLong(-1) != req.id()) {
                log.warn(
                        "Parser process {} answered request {} (item {} of job {}) with {}; replacing it",
                        index,
                        req.id(),
                        req.itemId(),
                        req.jobId(),
                        answer);
                return Outcome.failed(
                        ErrorCode.PARSER_CRASHED, "the parser process gave an answer that was not for " + req.name());
            }
            inStep = true;
            return answer.path("ok").asBoolean()
                    ? new Outcome(true, answer.path("pages").asInt(), null, null)
                    : Outcome.failed(
                            code(answer.path("code").asText()),
                            answer.path("message").asText());
        } catch (TimeoutException e) {
            Duration passed = deadline.allowed();
            log.warn("Parser {} passed its {} limit on {}; killing it", index, passed, req.name());
            return Outcome.failed(
                    ErrorCode.TIMEOUT,
                    "parsing " + req.name() + " took longer than the limit of " + TimeLimit.seconds(passed) + " s ("
                            + limit.basis() + ")");
        } catch (ExecutionException | IOException e) {
            log.warn("Parser process {} failed on item {} of job {}", index, req.itemId(), req.jobId(), e);
            return Outcome.failed(
                    ErrorCode.PARSER_CRASHED, "the parser process failed on " + req.name() + "; " + ErrorText.RETRY);
        } finally {
            if (!inStep) kill();
        }
    }

    /**
     * The answer to request {@code id}, or an answer to another (the caller refuses it); a page count
     * on the way extends the deadline. Null when the process ended first.
     */
    private JsonNode answer(long id, Deadline deadline)
            throws InterruptedException, ExecutionException, TimeoutException, IOException {
        BufferedReader answers = stdout;
        while (true) {
            String line = CompletableFuture.supplyAsync(() -> readLine(answers), io)
                    .get(deadline.left(), TimeUnit.NANOSECONDS);
            if (line == null) return null;
            JsonNode a = JSON.readTree(line);
            if (a.path("id").asLong(-1) != id || !a.has("pages_known")) return a;
            deadline.extend(a.get("pages_known").asLong());
        }
    }

    private Outcome died() throws InterruptedException {
        Process p = process;
        int code = -1;
        if (p != null && p.waitFor(5, TimeUnit.SECONDS)) code = p.exitValue();
        kill();
        if (code == OUT_OF_MEMORY_EXIT) {
            return Outcome.failed(
                    ErrorCode.OUT_OF_MEMORY, "the document needed more memory than the parser's limit of " + heap);
        }
        return Outcome.failed(ErrorCode.PARSER_CRASHED, "the parser process crashed (exit code " + code + ")");
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

    /** Starts the JVM unless it runs, and waits for its "ready". */
    void start() throws IOException {
        if (closed.getAsBoolean()) throw new IOException("the parser pool is closed");
        if (process != null && process.isAlive()) return;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(ParserJvm.childEnvironment(System.getenv()));
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
            ParserJvm.destroyTree(p.toHandle(), Duration.ofSeconds(5));
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The code a parser JVM answered with; one this JVM does not know is a parse error. */
    private static ErrorCode code(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ErrorCode.PARSE_ERROR;
        }
    }
}
