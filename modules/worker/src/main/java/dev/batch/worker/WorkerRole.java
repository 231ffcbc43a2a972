package dev.batch.worker;

import dev.batch.common.blob.FileStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.lifecycle.Services;
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
        ParseProcessor parser;
        if (config.get(WorkerSettings.PARSE_ISOLATION) && parseWorkers + classifyWorkers + extractWorkers > 0) {
            ParserPool pool = new ParserPool(
                    Math.min(
                            parseWorkers + classifyWorkers + extractWorkers,
                            config.get(WorkerSettings.PARSE_PROCESSES)),
                    config.get(WorkerSettings.PARSE_HEAP));
            // Warm the parser JVMs in the background: start-up does not wait, a first document at most waits for its
            // JVM.
            services.add(Services.of(
                    "parser-pool",
                    () -> {
                        Thread warm = new Thread(pool::warmUp, "parser-pool-warm-up");
                        warm.setDaemon(true);
                        warm.start();
                    },
                    pool::close));
            parser = new ParseProcessor(files, pool, WorkerSettings.timeLimits(config));
        } else {
            parser = new ParseProcessor(files);
        }
        parser.meter(meters);
        long maxItemBytes = config.get(WorkerSettings.MAX_ITEM_BYTES);
        ItemPipeline parse = new ItemPipeline(files, parser, maxItemBytes, meters);
        ItemPipeline classify = new ItemPipeline(
                files, new ClassifyProcessor(files, parser, WorkerSettings.llm(config)), maxItemBytes, meters);
        for (int i = 0; i < classifyWorkers; i++) {
            services.add(new TaskWorkerService(
                    "classify-worker-" + i,
                    kafka,
                    kafka.topics().tasksClassify,
                    kafka.topics().tasksClassifyUrgent,
                    classify,
                    WorkerSettings.tuning(config)));
        }
        ItemPipeline extract = new ItemPipeline(files, new ExtractProcessor(files, parser), maxItemBytes, meters);
        for (int i = 0; i < extractWorkers; i++) {
            services.add(new TaskWorkerService(
                    "extract-worker-" + i,
                    kafka,
                    kafka.topics().tasksExtract,
                    kafka.topics().tasksExtractUrgent,
                    extract,
                    WorkerSettings.tuning(config)));
        }
        for (int i = 0; i < parseWorkers; i++) {
            services.add(new TaskWorkerService(
                    "parse-worker-" + i,
                    kafka,
                    kafka.topics().tasksParse,
                    kafka.topics().tasksParseUrgent,
                    parse,
                    WorkerSettings.tuning(config)));
        }
        return services;
    }
}
