package dev.batch.worker;

import dev.batch.common.blob.FileStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.lifecycle.Services;
import dev.batch.events.ItemTask;
import dev.batch.worker.parse.ParserPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * What this module contributes to the {@code worker} role: the parse, classify and extract task
 * workers (BATCH_PARSE_WORKERS, BATCH_CLASSIFY_WORKERS, BATCH_EXTRACT_WORKERS loops) and, with isolation on, the parser JVMs they
 * share, so that a document that hangs or blows up takes only its own process down.
 */
public final class WorkerRole {
    private WorkerRole() {}

    public static List<Service> services(Config config, KafkaSettings kafka, FileStore files, MeterRegistry meters) {
        int parseWorkers = config.get(WorkerSettings.PARSE_WORKERS);
        int classifyWorkers = config.get(WorkerSettings.CLASSIFY_WORKERS);
        int extractWorkers = config.get(WorkerSettings.EXTRACT_WORKERS);
        List<Service> services = new ArrayList<>();
        ParseProcessor parser = parser(config, files, parseWorkers + classifyWorkers + extractWorkers, services);
        parser.meter(meters);
        Loops loops = new Loops(services, config, kafka, files, meters);
        Topics topics = kafka.topics();
        loops.add(
                "classify",
                classifyWorkers,
                topics.tasksClassify,
                topics.tasksClassifyUrgent,
                new ClassifyProcessor(files, parser, WorkerSettings.llm(config)));
        loops.add(
                "extract",
                extractWorkers,
                topics.tasksExtract,
                topics.tasksExtractUrgent,
                new ExtractProcessor(files, parser, WorkerSettings.llmExtractor(config)));
        loops.add("parse", parseWorkers, topics.tasksParse, topics.tasksParseUrgent, parser);
        return services;
    }

    /** The parser the loops share: in parser JVMs with isolation on (their pool joins {@code services}), else in this one. */
    private static ParseProcessor parser(Config config, FileStore files, int loops, List<Service> services) {
        if (!config.get(WorkerSettings.PARSE_ISOLATION) || loops == 0) return new ParseProcessor(files);
        ParserPool pool = new ParserPool(
                Math.min(loops, config.get(WorkerSettings.PARSE_PROCESSES)), config.get(WorkerSettings.PARSE_HEAP));
        // Warm the parser JVMs in the background: start-up does not wait, a first document at most waits for its JVM.
        services.add(Services.of(
                "parser-pool",
                () -> {
                    Thread warm = new Thread(pool::warmUp, "parser-pool-warm-up");
                    warm.setDaemon(true);
                    warm.start();
                },
                pool::close));
        return new ParseProcessor(files, pool, WorkerSettings.timeLimits(config));
    }

    /** Task loops, each kind's sharing one pipeline over its two lanes. */
    private record Loops(
            List<Service> services, Config config, KafkaSettings kafka, FileStore files, MeterRegistry meters) {
        /** {@code count} loops named {@code <kind>-worker-<n>}. */
        void add(
                String kind,
                int count,
                TopicSpec<String, ItemTask> lane,
                TopicSpec<String, ItemTask> urgent,
                DocumentProcessor processor) {
            ItemPipeline pipeline =
                    new ItemPipeline(files, processor, config.get(WorkerSettings.MAX_ITEM_BYTES), meters);
            for (int i = 0; i < count; i++) {
                services.add(new TaskWorkerService(
                        kind + "-worker-" + i, kafka, lane, urgent, pipeline, WorkerSettings.tuning(config)));
            }
        }
    }
}
