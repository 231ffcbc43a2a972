package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system with nothing to do leaves the broker alone: no Streams app keeps committing empty
 * exactly-once transactions because a punctuator ticks (each is five or so broker requests, and
 * they took CPU from the parsers under load). Counts the in-JVM broker's EndTxn requests.
 */
@WithKafka
class IdleSystemIT {
    @TempDir
    Path data;

    @Test
    void commitsNoTransactionsOnceItsJobsAreDone(TestKafka kafka) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName endTxn = new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=EndTxn,*");
        Assumptions.assumeFalse(
                server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,*"), null)
                        .isEmpty(),
                "the broker runs in this JVM (not BATCH_TEST_BOOTSTRAP)");
        try (RunningSystem sys = RunningSystem.start(kafka, data, "idle", Map.of())) {
            // One job of each kind the splitter handles: listed items, and a directory it pages through.
            String file = sys.upload("a.txt", "an idle system".getBytes(StandardCharsets.UTF_8));
            String dir = sys.api
                    .post("/api/v1/beta/directories", "{\"name\": \"idle\"}")
                    .json()
                    .get("id")
                    .asText();
            assertThat(sys.api
                            .post("/api/v1/beta/directories/" + dir + "/files", "{\"file_id\": \"" + file + "\"}")
                            .status())
                    .isEqualTo(201);
            sys.awaitTerminal(sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}"));
            sys.awaitTerminal(sys.createJob("{\"job_config\": {}, \"directory_id\": \"" + dir + "\"}"));

            // The last commits of those jobs land within a commit interval or two; then a 3 s window
            // in which at most one transaction ends (the watchdog looks every 30 s) must come.
            long window = Duration.ofSeconds(3).toNanos();
            List<long[]> samples =
                    new ArrayList<>(); // {nanoTime, EndTxn count}, the last one at least a window old first
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        long now = System.nanoTime();
                        long ended = count(server, endTxn);
                        samples.add(new long[] {now, ended});
                        while (samples.size() > 1 && now - samples.get(1)[0] >= window) samples.remove(0);
                        return now - samples.get(0)[0] >= window && ended - samples.get(0)[1] <= 1;
                    });
        }
    }

    private static long count(MBeanServer server, ObjectName pattern) throws Exception {
        Set<ObjectName> names = server.queryNames(pattern, null);
        long n = 0;
        for (ObjectName name : names) n += ((Number) server.getAttribute(name, "Count")).longValue();
        return n;
    }
}
