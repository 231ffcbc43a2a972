package dev.batch.tools.chaos;

import static dev.batch.client.ApiPaths.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Fault scenarios against the system as separate processes on this machine ({@link ChaosProcesses}):
 * real broker processes, an API process (with the aggregator and the webhook sink), a splitter process
 * and two worker processes, started from the same classpath with {@code BATCH_ROLES}. Each scenario
 * keeps submitting jobs of small text files (by directory and by item ids) while it kills a process
 * with SIGKILL (or SIGTERM) and starts it again; then it waits for every job and checks it through
 * the API: terminal, every item exactly one terminal status, counters that add up to the items
 * submitted. The last line reads
 * {@code scenarios=N kills=N jobs=N items=N lost=0 double_counted=0 stuck=0}.
 *
 * <p>{@code scripts/chaos [--short]}; {@code ChaosIT} runs the short version in the test suite.
 */
public final class Chaos {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "llx-chaos";

    private final ChaosProcesses processes;
    private final Random random = new Random(20261129L);
    private final Map<String, Integer> submitted = new LinkedHashMap<>(); // job id -> items
    private ChaosApi api;
    private List<String> files = new ArrayList<>();
    private String directory;

    public Chaos(Path root, String classpath) {
        this.processes = new ChaosProcesses(root, classpath, KEY);
    }

    /** What one run found. */
    public record Report(
            int scenarios,
            int kills,
            int jobs,
            long items,
            long lost,
            long doubleCounted,
            int stuck,
            long failedItems) {
        public String line() {
            return "scenarios=" + scenarios + " kills=" + kills + " jobs=" + jobs + " items=" + items + " lost=" + lost
                    + " double_counted=" + doubleCounted + " stuck=" + stuck;
        }

        public boolean clean() {
            return lost == 0 && doubleCounted == 0 && stuck == 0;
        }
    }

    public Report run(boolean shortRun) throws Exception {
        int scenarios = 0;
        Report total = new Report(0, 0, 0, 0, 0, 0, 0, 0);
        try {
            processes.startSingleBroker();
            startServices();
            seed(shortRun ? 60 : 120);
            scenarios++;
            log("scenario: kill -9 a worker process mid-job, again and again");
            faults(shortRun ? 3 : 20, () -> processes.killAndRestart(pick("worker-1", "worker-2"), false));
            scenarios++;
            log("scenario: kill -9 the splitter process mid-job");
            faults(shortRun ? 1 : 3, () -> processes.killAndRestart("splitter", false));
            scenarios++;
            log("scenario: kill -9 the API process (aggregator, webhook sink) mid-job");
            faults(shortRun ? 1 : 3, () -> processes.killAndRestart("api", false));
            scenarios++;
            log("scenario: restart the broker, SIGTERM then SIGKILL, mid-job");
            faults(shortRun ? 1 : 2, () -> processes.killAndRestart("broker-1", processes.kills() % 2 == 0));
            total = verify(scenarios);
            if (!shortRun) {
                processes.stopAll();
                scenarios++;
                log("scenario: a three-broker cluster (replication 3, min ISR 2) loses one broker mid-job");
                submitted.clear();
                processes.startCluster();
                startServices();
                seed(120);
                // One broker goes for good: the rest of the run (and the checks) happen on the other two.
                faults(1, () -> processes.kill(pick("broker-1", "broker-2", "broker-3")));
                faults(2, () -> {});
                Report cluster = verify(scenarios);
                total = new Report(
                        scenarios,
                        processes.kills(),
                        total.jobs() + cluster.jobs(),
                        total.items() + cluster.items(),
                        total.lost() + cluster.lost(),
                        total.doubleCounted() + cluster.doubleCounted(),
                        total.stuck() + cluster.stuck(),
                        total.failedItems() + cluster.failedItems());
            }
        } finally {
            processes.stopAll();
        }
        return new Report(
                scenarios,
                processes.kills(),
                total.jobs(),
                total.items(),
                total.lost(),
                total.doubleCounted(),
                total.stuck(),
                total.failedItems());
    }

    /** The API, splitter and workers, and a client of the API. */
    private void startServices() throws Exception {
        int httpPort = processes.startServices();
        api = new ChaosApi(BatchApiClient.builder("http://localhost:" + httpPort)
                .apiKey(KEY)
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(30))
                .build());
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    // ---- load ----

    /** Small text files, and a directory holding them all, for the jobs to process. */
    private void seed(int count) throws Exception {
        files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text =
                    ("Chaos document " + i + " of " + processes.namespace() + "\n").repeat(50 + random.nextInt(200));
            files.add(api.client().uploadFile("chaos-" + i + ".txt", text.getBytes(StandardCharsets.UTF_8)));
        }
        directory = api.call("create directory", () -> api.client().post(ApiPaths.DIRECTORIES, "{\"name\": \"chaos\"}"))
                .get("id")
                .asText();
        String directoryFiles = path(ApiPaths.DIRECTORY_FILES, directory);
        for (String f : files)
            api.call("add " + f, () -> api.client().post(directoryFiles, "{\"file_id\": \"" + f + "\"}"));
    }

    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    /** Submits jobs while the faults happen, one every second or so, a fault every few seconds. */
    private void faults(int count, Fault fault) throws Exception {
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < 2; j++) submit();
            Thread.sleep(500 + random.nextInt(1500)); // let the jobs get going before the fault
            fault.inject();
        }
        submit();
    }

    private void submit() throws Exception {
        boolean byDirectory = random.nextBoolean();
        String body;
        int items;
        if (byDirectory) {
            body = "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"directory_id\": \"" + directory
                    + "\", \"page_size\": 20}";
            items = files.size();
        } else {
            List<String> some = files.subList(0, 10 + random.nextInt(files.size() - 10));
            body = "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": "
                    + JSON.writeValueAsString(some) + "}";
            items = some.size();
        }
        String key = UUID.randomUUID().toString();
        JsonNode job = api.call("create job", () -> api.client().post(ApiPaths.JOBS, body, "Idempotency-Key", key));
        submitted.put(job.get("id").asText(), items);
    }

    private Report verify(int scenarios) throws Exception {
        return new JobAudit(api, submitted).audit(scenarios, processes.kills());
    }

    static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        boolean shortRun = List.of(args).contains("--short");
        Path root = Files.createTempDirectory("chaos-");
        long start = System.nanoTime();
        Report r = new Chaos(root, System.getProperty("java.class.path")).run(shortRun);
        System.out.printf(
                "%s run in %.0f s on %d cores; logs in %s; failed_items=%d%n",
                shortRun ? "short" : "full",
                (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().availableProcessors(),
                root.resolve("logs"),
                r.failedItems());
        System.out.println(r.line());
        System.exit(r.clean() ? 0 : 1);
    }
}
