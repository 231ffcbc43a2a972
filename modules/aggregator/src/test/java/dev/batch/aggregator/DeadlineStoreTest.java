package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.common.kafka.StoreSpecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadlineStoreTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    private KeyValueStore<String, String> store;
    private DeadlineStore deadlines;

    @BeforeEach
    void open() {
        store = StoreSpecs.WATCHDOG.detached().builder().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        deadlines = new DeadlineStore(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void keysEachDeadlineByItsTimeSoThatTheStoreHoldsThemInTimeOrder() {
        deadlines.put(Deadline.job("bjb-1", T.plusSeconds(3600)));
        deadlines.put(Deadline.item("bjb-2", "a", 2, T.plusSeconds(60), "1200 s"));
        deadlines.put(Deadline.job("bjb-3", T));

        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key + " = " + kv.value));
        }
        assertThat(keys)
                .containsExactly(
                        "1795860000000/job/bjb-3 = ",
                        "1795860060000/item/bjb-2/a/2 = 1200 s",
                        "1795863600000/job/bjb-1 = ",
                        "job/bjb-1 = 1795863600000",
                        "job/bjb-3 = 1795860000000");
    }

    @Test
    void takesTheDeadlinesPassedOldestFirstIncludingOneDueNowAndKeepsTheRest() {
        deadlines.put(Deadline.job("bjb-later", T.plusMillis(1)));
        deadlines.put(Deadline.job("bjb-now", T));
        deadlines.put(Deadline.item("bjb-1", "a", 1, T.minusSeconds(5), "1200 s"));

        assertThat(deadlines.takeDue(T))
                .containsExactly(
                        Deadline.item("bjb-1", "a", 1, T.minusSeconds(5), "1200 s"), Deadline.job("bjb-now", T));
        assertThat(deadlines.takeDue(T)).as("taken once").isEmpty();
        assertThat(deadlines.takeDue(T.plusMillis(1))).containsExactly(Deadline.job("bjb-later", T.plusMillis(1)));
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void forgetsTheDeadlineOfARemovedJobByItsJobAlone() {
        deadlines.put(Deadline.job("bjb-1", T.plusSeconds(3600)));
        deadlines.put(Deadline.job("bjb-2", T.plusSeconds(3600)));
        deadlines.removeJob("bjb-1");
        deadlines.removeJob("bjb-unknown");

        assertThat(deadlines.takeDue(T.plusSeconds(3600))).containsExactly(Deadline.job("bjb-2", T.plusSeconds(3600)));
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void dropsADeadlineItCannotReadRatherThanMeetItAtEveryLook() {
        deadlines.put(Deadline.item("bjb-1", "dir/a.pdf", 1, T, "1200 s"));

        assertThat(deadlines.takeDue(T)).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void keepsADeadlineBeforeTheEpochAtTheStartOfTime() {
        deadlines.put(Deadline.job("bjb-1", Instant.EPOCH.minusSeconds(1)));

        assertThat(deadlines.takeDue(Instant.EPOCH)).containsExactly(Deadline.job("bjb-1", Instant.EPOCH));
    }
}
