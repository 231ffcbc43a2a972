package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.JobEvent;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobChangeTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @BeforeAll
    static void trustEvents() {
        AvroSerdes.trustEvents(); // as every service has done by the time it builds events: Avro refuses classes not
        // allowed
    }

    @Test
    void startsAJobNotSeenYetAsAPendingPlaceholderOfUnknownType() {
        JobChange change = JobChange.of("bjb-1", null, T);

        assertThat(change.job().getStatus()).isEqualTo(JobState.pending);
        assertThat(change.job().getJobType()).isEqualTo(JobType.unknown);
        assertThat(change.job().getCreatedAt()).isEqualTo(T);
        assertThat(change.changed()).isTrue();
        assertThat(change.stateChanged()).isTrue();
    }

    @Test
    void worksOnACopyOfTheJobItWasGiven() {
        JobStatus before = job(JobState.running);
        JobChange change = JobChange.of("bjb-1", before, T);
        change.job().setProcessedItems(1);

        assertThat(before.getProcessedItems()).isZero();
        assertThat(change.changed()).isTrue();
        assertThat(change.stateChanged()).as("counters only").isFalse();
    }

    @Test
    void recordsAnEventForEveryMoveAndStampsTheEnd() {
        JobChange change = JobChange.of("bjb-1", job(JobState.running), T);
        change.moveTo(JobState.running);
        change.moveTo(JobState.dispatched);
        change.moveTo(JobState.completed);

        assertThat(change.events())
                .extracting(JobEvent::getEventName, JobEvent::getPreviousStatus)
                .containsExactly(
                        tuple("parse.dispatched", JobState.running), tuple("parse.success", JobState.dispatched));
        assertThat(change.job().getCompletedAt()).isEqualTo(T);
        assertThat(change.job().getEffectiveAt()).isEqualTo(T);
    }

    @Test
    void leavesAnEndedStateOnlyByReopening() {
        JobChange change = JobChange.of("bjb-1", job(JobState.failed), T);

        assertThatThrownBy(() -> change.moveTo(JobState.running)).isInstanceOf(IllegalStateException.class);
        change.reopen();
        assertThat(change.job().getStatus()).isEqualTo(JobState.dispatched);
        assertThat(change.events()).extracting(JobEvent::getPreviousStatus).containsExactly(JobState.failed);
    }

    @Test
    void givesEachStateItsLlamaCloudEventName() {
        JobStatus job = job(JobState.completed);
        assertThat(JobEvents.eventName(job)).isEqualTo("parse.success");
        job.setFailedItems(1);
        assertThat(JobEvents.eventName(job)).isEqualTo("parse.partial_success");
        job.setStatus(JobState.failed);
        assertThat(JobEvents.eventName(job)).isEqualTo("parse.error");
        job.setJobType(JobType.classify);
        job.setStatus(JobState.cancelled);
        assertThat(JobEvents.eventName(job)).isEqualTo("classify.cancelled");
        job.setJobType(JobType.unknown);
        assertThat(JobEvents.eventName(job))
                .as("a job whose request is not read yet")
                .isEqualTo("parse.cancelled");
        job.setStatus(JobState.unknown);
        assertThat(JobEvents.eventName(job)).isEqualTo("unmapped_event");
    }

    private static JobStatus job(JobState state) {
        return JobStatus.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setStatus(state)
                .build();
    }
}
