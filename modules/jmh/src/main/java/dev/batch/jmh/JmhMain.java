package dev.batch.jmh;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code scripts/bench-jmh [regex]}: runs the micro-benchmarks (one fork, 3 warm-up and 5 measured
 * iterations of 2 s), prints JMH's table, then one line of {@code name=value} figures (average time
 * per operation, in each benchmark's unit).
 */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(args.length > 0 ? args[0] : "dev\\.batch\\.jmh\\..*Bench")
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx1g")
                .build();
        List<String> figures = new ArrayList<>();
        for (RunResult r : new Runner(options).run()) {
            String label = r.getParams().getBenchmark().replaceAll(".*\\.", "") + "_"
                    + r.getPrimaryResult().getScoreUnit().replaceAll("/op$", "");
            figures.add(label + "=" + String.format("%.2f", r.getPrimaryResult().getScore()));
        }
        System.out.println(String.join(" ", figures));
    }
}
