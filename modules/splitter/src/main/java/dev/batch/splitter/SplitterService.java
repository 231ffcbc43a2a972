package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StreamsService;
import java.nio.file.Path;
import java.time.Duration;

/** The splitter as a service: a Kafka Streams application with exactly-once processing. */
public final class SplitterService extends StreamsService {
    public SplitterService(KafkaSettings kafka, Path stateDir, Catalog catalog, SplitterSettings settings,
                           dev.batch.common.jobs.JobRequestValidator validator) {
        super("splitter", SplitterTopology.build(kafka.topics(), catalog, settings, validator),
                baseProps(kafka, kafka.topics().applicationId("splitter"), stateDir), Duration.ofSeconds(90));
    }
}
