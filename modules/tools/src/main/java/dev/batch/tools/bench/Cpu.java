package dev.batch.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds used so far by each part of the machine; the difference of two is where the cores went
 * during a run. {@code system}: this JVM (broker, services, HTTP); {@code parsers}: its child
 * JVMs but the direct loop's, and {@code parsersOcr} the processes they ran and waited
 * for (Tesseract); {@code loop} and {@code loopOcr}: the same for the direct loop's JVM (NaN when
 * there is none). {@code busy} and {@code total}: clock ticks of all cores from {@code /proc/stat},
 * the kernel's own work on files and loopback included (zeros where there is none).
 */
record Cpu(double system, double parsers, double parsersOcr, double loop, double loopOcr, long busy, long total) {
    static Cpu now(long directLoop) {
        List<ProcessHandle> parserJvms =
                Machine.childJvms().stream().filter(p -> p.pid() != directLoop).toList();
        long[] ticks = machineTicks();
        return new Cpu(
                Machine.cpuSeconds(ProcessHandle.current()),
                parserJvms.stream().mapToDouble(Machine::cpuSeconds).sum(),
                parserJvms.stream()
                        .mapToDouble(p -> Machine.finishedChildrenCpuSeconds(p.pid()))
                        .sum(),
                directLoop < 0
                        ? Double.NaN
                        : ProcessHandle.of(directLoop).map(Machine::cpuSeconds).orElse(0.0),
                directLoop < 0 ? Double.NaN : Machine.finishedChildrenCpuSeconds(directLoop),
                ticks[0],
                ticks[1]);
    }

    Cpu minus(Cpu o) {
        return new Cpu(
                system - o.system,
                parsers - o.parsers,
                parsersOcr - o.parsersOcr,
                loop - o.loop,
                loopOcr - o.loopOcr,
                busy - o.busy,
                total - o.total);
    }

    double machineBusy() {
        return (double) busy / Math.max(1, total);
    }

    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle, iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
