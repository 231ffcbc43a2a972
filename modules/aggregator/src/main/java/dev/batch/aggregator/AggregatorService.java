package dev.batch.aggregator;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobLookup;
import dev.batch.events.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The aggregator as a service, answering job-status lookups from its local store. */
public final class AggregatorService extends StreamsService implements JobLookup {

    public AggregatorService(KafkaSettings kafka, Path stateDir) {
        super("aggregator", AggregatorTopology.build(kafka.topics()), props(kafka, stateDir), Duration.ofSeconds(90));
    }

    private static Properties props(KafkaSettings kafka, Path stateDir) {
        return baseProps(kafka, kafka.topics().applicationId("aggregator"), stateDir);
    }

    @Override
    public Optional<JobStatus> job(String jobId) {
        try {
            ReadOnlyKeyValueStore<String, JobStatus> store = streams().store(
                    StoreQueryParameters.fromNameAndType(Topics.JOB_STATUS_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(jobId));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotAvailableException("job status store is not available right now: " + e.getMessage(), e);
        }
    }
}
