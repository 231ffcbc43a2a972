package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.events.JobRemoval;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobRemovalsTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aBigJobsItemsGoInOrderedPartsAndOnlyTheLastIsMarked() {
        List<String> items =
                IntStream.range(0, 2_500).mapToObj(i -> "item-" + i).toList();
        List<JobRemoval> parts = JobRemovals.parts("bjb-1", "proj", items, AT);
        assertThat(parts).extracting(p -> p.getItemIds().size()).containsExactly(1_000, 1_000, 500);
        assertThat(parts).extracting(JobRemoval::getPart).containsExactly(0, 1, 2);
        assertThat(parts).extracting(JobRemoval::getLast).containsExactly(false, false, true);
        assertThat(parts.stream().flatMap(p -> p.getItemIds().stream()).toList())
                .isEqualTo(items);
    }

    @Test
    void aJobWithoutItemsIsOneLastPart() {
        assertThat(JobRemovals.parts("bjb-1", "proj", List.of(), AT))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.getLast()).isTrue();
                    assertThat(p.getItemIds()).isEmpty();
                });
    }
}
