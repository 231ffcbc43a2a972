package dev.batch.jmh;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A tiny document through the parser: what type detection and the parse itself cost when the content is nothing. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TextParseBench {
    private final DocumentParser parser = new DocumentParser();
    private final ParseOptions options = ParseOptions.of("{}");
    private final byte[] text = "A tiny text file, parsed many times over.\n".getBytes(StandardCharsets.UTF_8);
    private final byte[] html =
            "<html><body><h1>Tiny</h1><p>An HTML page.</p></body></html>".getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public Object tinyTextFile() throws Exception {
        return parser.parse(new ByteArrayInputStream(text), "tiny.txt", options);
    }

    @Benchmark
    public Object tinyHtmlPage() throws Exception {
        return parser.parse(new ByteArrayInputStream(html), "tiny.html", options);
    }
}
