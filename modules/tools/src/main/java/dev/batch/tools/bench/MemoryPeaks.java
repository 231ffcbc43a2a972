package dev.batch.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Samples heap and RSS every 100 ms: of this JVM, the largest of its child processes, and all of them together. */
final class MemoryPeaks {
    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong childRss = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private Thread sampler;

    void start() {
        sampler = new Thread(
                () -> {
                    List<Long> descendants = List.of();
                    for (int tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                        heap.accumulateAndGet(
                                ManagementFactory.getMemoryMXBean()
                                        .getHeapMemoryUsage()
                                        .getUsed(),
                                Math::max);
                        long own = rss(ProcessHandle.current().pid());
                        rss.accumulateAndGet(own, Math::max);
                        // Listing descendants scans every process on the machine (three quarters of this sampler,
                        // 5% of the system JVM's CPU under bench-parse): every 500 ms, shorter than a Tesseract run.
                        if (tick % 5 == 0)
                            descendants = ProcessHandle.current()
                                    .descendants()
                                    .map(ProcessHandle::pid)
                                    .toList();
                        long children = 0;
                        for (long pid : descendants) {
                            long r = rss(pid);
                            childRss.accumulateAndGet(r, Math::max);
                            children += r;
                        }
                        total.accumulateAndGet(own + children, Math::max);
                        try {
                            Thread.sleep(100); // the sampling period
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stop() {
        sampler.interrupt();
    }

    long heap() {
        return heap.get();
    }

    long rss() {
        return rss.get();
    }

    long childRss() {
        return childRss.get();
    }

    /** The peak of this JVM and all its child processes together. */
    long total() {
        return total.get();
    }

    /** Resident set size of a process, from /proc (0 where there is none). */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0; // the process has just ended
        }
        return 0;
    }
}
