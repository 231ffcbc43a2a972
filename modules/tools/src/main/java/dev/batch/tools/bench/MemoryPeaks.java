package dev.batch.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples heap and RSS every 100 ms and PSS every second: of this JVM, the largest of its child
 * processes, and all of them together. Reading a process's PSS walks its page tables in the kernel,
 * about 5 ms for a JVM of a few hundred MB on a 2-core host: every 100 ms over the system's JVMs, it
 * took a fifth of a core from the benchmark it measured. A JVM's footprint moves with its heap, which
 * grows and shrinks over seconds, so a sample a second sees its peaks. The sampler's own CPU time is
 * {@link #cpuSeconds()}. PSS (proportional set size) counts a page shared by several processes (the JDK's
 * class data, libraries) once across them, so the sum is what the processes take from the machine;
 * the sum of RSS counts shared pages once per process. Excluded processes (a benchmark's own
 * reference side) and their descendants are left out.
 */
final class MemoryPeaks {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong childRss = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong pss = new AtomicLong();
    private final Set<Long> excluded = ConcurrentHashMap.newKeySet();
    private final AtomicLong cpuNanos = new AtomicLong();
    private Thread sampler;

    /** Leaves {@code pid} and its descendants out of the samples from now on. */
    void exclude(long pid) {
        excluded.add(pid);
    }

    void start() {
        sampler = new Thread(this::sample, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long started = cpuNanos.get() - THREADS.getCurrentThreadCpuTime();
        List<Long> descendants = List.of();
        for (int tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
            heap.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            long self = ProcessHandle.current().pid();
            long own = rss(self);
            rss.accumulateAndGet(own, Math::max);
            // Listing descendants scans every process on the machine: every 500 ms, shorter than a Tesseract run.
            if (tick % 5 == 0) descendants = measured();
            long children = 0;
            for (long pid : descendants) {
                long r = rss(pid);
                childRss.accumulateAndGet(r, Math::max);
                children += r;
            }
            total.accumulateAndGet(own + children, Math::max);
            if (tick % 10 == 0) {
                long proportional = pss(self);
                for (long pid : descendants) proportional += pss(pid);
                pss.accumulateAndGet(proportional, Math::max);
            }
            cpuNanos.set(started + THREADS.getCurrentThreadCpuTime());
            try {
                Thread.sleep(100); // the sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** This JVM's descendants less the excluded ones and theirs. */
    private List<Long> measured() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> !excluded(p))
                .map(ProcessHandle::pid)
                .toList();
    }

    private boolean excluded(ProcessHandle p) {
        for (ProcessHandle at = p; at != null; at = at.parent().orElse(null)) {
            if (excluded.contains(at.pid())) return true;
            if (at.pid() == ProcessHandle.current().pid()) return false;
        }
        return false;
    }

    void stop() {
        sampler.interrupt();
    }

    /** CPU time the sampler took, kernel time included, over all its runs. */
    double cpuSeconds() {
        return cpuNanos.get() / 1e9;
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

    /** The peak of this JVM and all its child processes together, by RSS. */
    long total() {
        return total.get();
    }

    /** The peak of this JVM and all its child processes together, by PSS: what they take from the machine. */
    long pss() {
        return pss.get();
    }

    /** Resident set size of a process, from /proc (0 where there is none). */
    static long rss(long pid) {
        return kilobytes("/proc/" + pid + "/status", "VmRSS:");
    }

    /** Proportional set size of a process, from /proc (0 where there is none). */
    static long pss(long pid) {
        return kilobytes("/proc/" + pid + "/smaps_rollup", "Pss:");
    }

    private static long kilobytes(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0; // the process has just ended
        }
        return 0;
    }
}
