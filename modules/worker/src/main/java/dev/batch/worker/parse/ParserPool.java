package dev.batch.worker.parse;

import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.ErrorCode;
import dev.batch.events.JobConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of parser JVMs ({@link ParserProcess}), one per concurrent parse, each with its own heap
 * limit, kept warm across documents. A parse that runs past its deadline gets its process killed;
 * a process that dies (out of memory, a native crash) is replaced. Either way only that item fails,
 * with an error code saying which bound it hit.
 */
public final class ParserPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParserPool.class);

    private final int size;
    private final BlockingQueue<ParserProcess> idle;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "parser-pool-io");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** Numbers the requests; each answer must carry its request's number. */
    private final AtomicLong requests = new AtomicLong();

    /** What a parse came to: done, or failed with a code and message. */
    public record Outcome(boolean ok, int pages, ErrorCode code, String message) {
        static Outcome failed(ErrorCode code, String message) {
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
        // Fair: worker loops waiting for a parser get one in turn, so none falls behind and ends a job
        // parsing its backlog alone while the other parsers idle.
        this.idle = new ArrayBlockingQueue<>(size, true);
        List<String> command = ParserJvm.command(heap, extraFlags, mainClass);
        for (int i = 0; i < size; i++)
            idle.add(new ParserProcess(i, command, heap, io, () -> closed)); // started on first use
    }

    /** Parses {@code input} into the result JSON at {@code output}; waits at most as long as {@code limit} allows. */
    public Outcome parse(
            Path input,
            Path output,
            Path imagesDir,
            String name,
            JobConfig config,
            String jobId,
            String itemId,
            String fileId,
            String projectId,
            TimeLimit limit)
            throws InterruptedException {
        ParserProcess process = idle.take();
        try {
            return process.parse(
                    new ParseRequest(
                            requests.incrementAndGet(),
                            input,
                            output,
                            imagesDir,
                            name,
                            config,
                            jobId,
                            itemId,
                            fileId,
                            projectId),
                    limit);
        } finally {
            idle.add(process);
        }
    }

    /** Starts every parser process now, so the first documents do not pay for it. */
    public void warmUp() {
        List<ParserProcess> all = new ArrayList<>();
        idle.drainTo(all);
        try {
            for (ParserProcess p : all) {
                try {
                    p.start();
                } catch (IOException e) {
                    log.warn("Parser process {} failed to start: {}", p.index(), e.getMessage());
                }
            }
        } finally {
            idle.addAll(all);
        }
    }

    /** Tests: the parser processes running now, of those not lent out. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> out = new ArrayList<>();
        for (ParserProcess p : idle) {
            Process running = p.process();
            if (running != null) out.add(running.toHandle());
        }
        return out;
    }

    public int size() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
        List<ParserProcess> all = new ArrayList<>();
        idle.drainTo(all);
        all.forEach(ParserProcess::kill);
        io.shutdownNow();
    }
}
