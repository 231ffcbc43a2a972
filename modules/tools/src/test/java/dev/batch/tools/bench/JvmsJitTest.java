package dev.batch.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmsJitTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTimeColumnOfJstatsCompilerLine() {
        String out = "Compiled Failed Invalid   Time   FailedType FailedMethod\n"
                + "     756      1       0     0.59          1 java/util/zip/ZipFile$Source initCEN\n";
        assertThat(JvmsJit.parse(out)).isEqualTo(590);
        assertThat(JvmsJit.parse("Compiled Failed Invalid   Time   FailedType FailedMethod\n  12 0 0 12.34 0\n"))
                .isEqualTo(12_340);
    }

    @Test
    void saysSoWhenJstatAnsweredSomethingElse() {
        assertThat(JvmsJit.parse("")).isEqualTo(-1);
        assertThat(JvmsJit.parse("sun.jvmstat.monitor.MonitorException: 1 not found\n\tat x"))
                .isEqualTo(-1);
        assertThat(JvmsJit.compiledMillis(ProcessHandle.current().pid() + 1_000_000))
                .isEqualTo(-1);
    }

    @Test
    void sumsWhatEachJvmCompiledAndCountsAJvmThatIsGoneNoLonger() throws Exception {
        // A JVM that compiles its own source (the source launcher runs javac), then waits for its stdin to close.
        Path source = Files.writeString(
                dir.resolve("Wait.java"),
                "class Wait { public static void main(String[] a) throws Exception { System.in.read(); } }");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        try {
            jvms.add(new ProcessBuilder(java, source.toString()).start());
            jvms.add(new ProcessBuilder(java, source.toString()).start());
            List<ProcessHandle> handles = new ArrayList<>();
            jvms.forEach(p -> handles.add(p.toHandle()));
            JvmsJit jit = new JvmsJit(
                    () -> handles.stream().filter(ProcessHandle::isAlive).toList());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> handles.stream().allMatch(h -> JvmsJit.compiledMillis(h.pid()) > 0));
            long both = jit.getAsLong();
            long each = JvmsJit.compiledMillis(handles.get(0).pid());
            assertThat(both).isGreaterThanOrEqualTo(each).isGreaterThan(0);

            try (OutputStream in = jvms.get(0).getOutputStream()) {
                in.write('\n');
            }
            jvms.get(0).waitFor();
            assertThat(jit.getAsLong()).isGreaterThanOrEqualTo(both);
        } finally {
            jvms.forEach(Process::destroy);
        }
    }
}
