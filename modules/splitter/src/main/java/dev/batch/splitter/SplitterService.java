package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** The splitter as a service: a Kafka Streams application with exactly-once processing. */
public final class SplitterService extends StreamsService {
    public SplitterService(
            KafkaSettings kafka,
            Path stateDir,
            Catalog catalog,
            SplitterSettings settings,
            JobRequestValidator validator) {
        super(
                "splitter",
                SplitterTopology.build(kafka.topics(), catalog, settings, validator),
                props(kafka, stateDir),
                Duration.ofSeconds(90));
    }

    /** The splitter's Streams settings (its topology tests run with them too). */
    static Properties props(KafkaSettings kafka, Path stateDir) {
        return baseProps(kafka, kafka.topics().applicationId("splitter"), stateDir);
    }
}
