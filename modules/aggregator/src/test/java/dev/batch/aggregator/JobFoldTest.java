package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.CancelRequested;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ErrorCode;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.RetryRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fold on plain values: each input against the job as the processor would have stored it. */
class JobFoldTest {
    private static final String JOB = "bjb-1";

    private final MapJobRecords records = new MapJobRecords();
    private final JobFold fold = new JobFold(records, Watchdog.DEFAULT);
    /** The job as stored after the last change. */
    private JobStatus job;

    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @BeforeAll
    static void trustEvents() {
        AvroSerdes.trustEvents(); // as every service has done by the time it builds events: Avro refuses classes not
        // allowed
    }

    @Test
    void startsAJobAsPendingWithItsRequestAndWatchesItsMaximumDuration() {
        JobChange c = apply(request(List.of("a", "b", "a")));

        assertThat(c.job().getStatus()).isEqualTo(JobState.pending);
        assertThat(c.job().getTotalItems()).as("distinct item ids").isEqualTo(2);
        assertThat(c.job().getProjectId()).isEqualTo("proj");
        assertThat(c.job().getJobType()).isEqualTo(JobType.parse);
        assertThat(c.job().getUpdatedAt()).isEqualTo(now);
        assertThat(c.stateChanged()).isTrue();
        assertThat(names(c)).containsExactly("parse.pending");
        assertThat(records.request(JOB)).isNotNull();
        assertThat(c.deadlines()).containsExactly(Deadline.job(JOB, now.plus(Duration.ofHours(24))));
    }

    @Test
    void ignoresADuplicateRequest() {
        apply(request(List.of("a")));
        JobChange c = apply(request(List.of("a", "b")));

        assertThat(c.changed()).isFalse();
        assertThat(c.events()).isEmpty();
        assertThat(c.deadlines()).isEmpty();
        assertThat(job.getTotalItems()).isEqualTo(1);
    }

    @Test
    void runsOnTheFirstDispatchPageAndIsDispatchedOnTheFinalOne() {
        apply(request(null));
        JobChange first = apply(page(List.of("a", "b"), 2, false));
        assertThat(first.job().getStatus()).isEqualTo(JobState.running);
        assertThat(first.job().getStartedAt()).isEqualTo(now);
        assertThat(names(first)).containsExactly("parse.running");
        assertThat(records.item(JOB, "a").getDispatched()).isTrue();
        assertThat(records.item(JOB, "a").getStatus()).isEqualTo(ItemState.pending);

        JobChange last = apply(page(List.of("c"), 3, true));
        assertThat(last.job().getStatus()).isEqualTo(JobState.dispatched);
        assertThat(last.job().getTotalItems()).isEqualTo(3);
        assertThat(last.job().getDispatchFinal()).isTrue();
        assertThat(names(last)).containsExactly("parse.dispatched");
    }

    @Test
    void countsAnItemOnceWhateverResultsFollowItsFirst() {
        apply(request(null));
        apply(page(List.of("a", "b"), 2, true));
        apply(result("a", ItemState.completed, 1));

        JobChange again = apply(result("a", ItemState.completed, 1));
        JobChange contrary = apply(result("a", ItemState.failed, 1));

        assertThat(again.changed()).isFalse();
        assertThat(contrary.changed()).isFalse();
        assertThat(job.getProcessedItems()).isEqualTo(1);
        assertThat(job.getFailedItems()).isZero();
        assertThat(job.getStatus()).isEqualTo(JobState.dispatched);
    }

    @Test
    void showsAProcessingItemWithoutCountingItAndWatchesOnlyItsFirstNotice() {
        apply(request(null));
        apply(page(List.of("a"), 1, true));
        JobChange first = apply(result("a", ItemState.processing, 1));
        Instant started = now;
        JobChange second = apply(result("a", ItemState.processing, 1));

        assertThat(records.item(JOB, "a").getStatus()).isEqualTo(ItemState.processing);
        assertThat(job.getProcessedItems() + job.getFailedItems()).isZero();
        assertThat(first.deadlines())
                .as("twice the 5 min default limit plus 10 min grace")
                .containsExactly(Deadline.item(JOB, "a", 1, started.plus(Duration.ofMinutes(20)), "1200 s"));
        assertThat(second.deadlines()).isEmpty();
    }

    @Test
    void completesJobWhenEveryItemIsFinished() {
        apply(request(null));
        apply(page(List.of("a", "b"), 2, true));
        apply(result("a", ItemState.completed, 1));
        JobChange last = apply(result("b", ItemState.skipped, 1));

        assertThat(job.getStatus()).isEqualTo(JobState.completed);
        assertThat(job.getCompletedAt()).isEqualTo(now);
        assertThat(job.getProcessedItems() + job.getSkippedItems()).isEqualTo(job.getTotalItems());
        assertThat(names(last)).containsExactly("parse.success");
    }

    @Test
    void completesJobWithSomeFailedItemsAsPartialSuccessReportingEachFailure() {
        apply(request(null));
        apply(page(List.of("a", "b"), 2, true));
        JobChange failed = apply(result("a", ItemState.failed, 1));
        JobChange last = apply(result("b", ItemState.completed, 1));

        assertThat(names(failed)).containsExactly("parse.item_failed");
        assertThat(failed.events().get(0).getErrorMessage()).isEqualTo("broken");
        assertThat(job.getStatus()).isEqualTo(JobState.completed);
        assertThat(names(last)).containsExactly("parse.partial_success");
    }

    @Test
    void failsJobWhenEveryItemFails() {
        apply(request(null));
        apply(page(List.of("a", "b"), 2, true));
        apply(result("a", ItemState.failed, 1));
        JobChange last = apply(result("b", ItemState.failed, 1));

        assertThat(job.getStatus()).isEqualTo(JobState.failed);
        assertThat(job.getErrorMessage()).isEqualTo("all 2 items failed");
        assertThat(names(last)).containsExactly("parse.item_failed", "parse.error");
    }

    @Test
    void reportsAnItemThatFailedBeforeTheRequestOnceTheJobTypeIsKnown() {
        JobChange early = apply(result("a", ItemState.failed, 1));
        assertThat(early.job().getJobType()).isEqualTo(JobType.unknown);
        assertThat(early.events()).isEmpty();

        assertThat(names(apply(request(List.of("a", "b"))))).containsExactly("parse.pending", "parse.item_failed");
    }

    @Test
    void failsJobWhenTheSplitterRejectsIt() {
        apply(request(null));
        JobChange c = apply(ItemsDispatched.newBuilder()
                .setJobId(JOB)
                .setPage(0)
                .setItems(List.of())
                .setTotalDispatched(0)
                .setFinalPage(true)
                .setErrorMessage("directory dir-x not found")
                .setDispatchedAt(now)
                .build());

        assertThat(job.getStatus()).isEqualTo(JobState.failed);
        assertThat(job.getErrorMessage()).isEqualTo("directory dir-x not found");
        assertThat(names(c)).containsExactly("parse.error");
    }

    @Test
    void cancelsEveryUnfinishedItemIncludingThoseNotDispatchedYet() {
        apply(request(List.of("a", "b", "c")));
        apply(page(List.of("a", "b"), 2, false));
        apply(result("a", ItemState.completed, 1));
        JobChange c = apply(command(new CancelRequested("no longer needed")));

        assertThat(job.getStatus()).isEqualTo(JobState.cancelled);
        assertThat(job.getTotalItems()).isEqualTo(3);
        assertThat(job.getProcessedItems()).isEqualTo(1);
        assertThat(job.getCancelledItems()).isEqualTo(2);
        assertThat(records.item(JOB, "b").getStatus()).isEqualTo(ItemState.cancelled);
        assertThat(records.item(JOB, "c").getStatus()).as("never dispatched").isEqualTo(ItemState.cancelled);
        assertThat(names(c)).containsExactly("parse.cancelled");

        assertThat(apply(result("b", ItemState.completed, 1)).changed())
                .as("a late result")
                .isFalse();
        assertThat(apply(page(List.of("c"), 3, true)).changed())
                .as("a late page")
                .isFalse();
    }

    @Test
    void ignoresACommandForAJobItHasNotSeen() {
        JobChange c = apply(command(new CancelRequested(null)));

        assertThat(c.changed()).isFalse();
        assertThat(c.job()).isNull();
    }

    @Test
    void retriesTheFailedItemsAskedForAndReopensTheJob() {
        apply(request(List.of("a", "b", "c")));
        apply(page(List.of("a", "b", "c"), 3, true));
        apply(result("a", ItemState.completed, 1));
        apply(result("b", ItemState.failed, 1));
        apply(result("c", ItemState.failed, 1));
        JobChange retry = apply(command(new RetryRequested(List.of("b"))));

        assertThat(retry.retried())
                .extracting(JobItem::getItemId, JobItem::getAttempt, JobItem::getStatus)
                .containsExactly(tuple("b", 2, ItemState.pending));
        assertThat(retry.retryRequest().getJobId()).isEqualTo(JOB);
        assertThat(records.item(JOB, "b").getErrorMessage()).isNull();
        assertThat(job.getStatus()).isEqualTo(JobState.dispatched);
        assertThat(job.getFailedItems()).as("c is still failed").isEqualTo(1);
        assertThat(job.getCompletedAt()).isNull();
        assertThat(retry.events())
                .extracting(JobEvent::getEventName, JobEvent::getPreviousStatus)
                .containsExactly(tuple("parse.dispatched", JobState.completed));

        assertThat(apply(result("b", ItemState.failed, 1)).changed())
                .as("a late result of the first attempt")
                .isFalse();
        JobChange done = apply(result("b", ItemState.completed, 2));
        assertThat(job.getStatus()).isEqualTo(JobState.completed);
        assertThat(job.getProcessedItems() + job.getFailedItems()).isEqualTo(3);
        assertThat(names(done)).containsExactly("parse.partial_success");
    }

    @Test
    void retriesNothingWhileTheJobRuns() {
        apply(request(List.of("a", "b")));
        apply(page(List.of("a", "b"), 2, true));
        apply(result("a", ItemState.failed, 1));
        JobChange retry = apply(command(new RetryRequested(null)));

        assertThat(retry.retried()).isEmpty();
        assertThat(retry.changed()).isFalse();
    }

    @Test
    void failsAProcessingItemAtItsDeadlineUnlessItReportedOrMovedOn() {
        apply(request(null));
        apply(page(List.of("a", "b"), 2, true));
        Deadline deadline =
                apply(result("a", ItemState.processing, 1)).deadlines().get(0);

        assertThat(fold.itemTimeout(job, Deadline.item(JOB, "a", 2, now, "1200 s"), now))
                .as("another attempt")
                .isNull();
        assertThat(fold.itemTimeout(job, Deadline.item(JOB, "b", 1, now, "1200 s"), now))
                .as("not processing")
                .isNull();
        ItemResult timeout = fold.itemTimeout(job, deadline, deadline.at());
        assertThat(timeout.getStatus()).isEqualTo(ItemState.failed);
        assertThat(timeout.getErrorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(timeout.getErrorMessage()).contains("no result 1200 s after the item started");

        apply(timeout);
        assertThat(records.item(JOB, "a").getErrorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(job.getFailedItems()).isEqualTo(1);
        assertThat(fold.itemTimeout(job, deadline, deadline.at()))
                .as("already failed")
                .isNull();
    }

    @Test
    void endsAJobPastItsMaximumDurationWithCountersThatAddUp() {
        apply(request(List.of("a", "b", "c")));
        apply(page(List.of("a"), 1, false));
        apply(result("a", ItemState.completed, 1));
        now = now.plus(Duration.ofHours(24));
        JobChange c = fold.expireJob(job, now);
        job = c.job();

        assertThat(job.getStatus()).isEqualTo(JobState.completed);
        assertThat(job.getTotalItems()).isEqualTo(3);
        assertThat(job.getProcessedItems()).isEqualTo(1);
        assertThat(job.getFailedItems()).isEqualTo(2);
        assertThat(job.getErrorMessage()).contains("BATCH_JOB_MAX_DURATION");
        assertThat(records.item(JOB, "c").getErrorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(names(c))
                .containsExactly("parse.item_failed", "parse.item_failed", "parse.dispatched", "parse.partial_success");
    }

    @Test
    void leavesAnEndedOrUnknownJobAloneWhenItsDeadlineComes() {
        apply(request(List.of("a")));
        apply(page(List.of("a"), 1, true));
        apply(result("a", ItemState.completed, 1));

        assertThat(fold.expireJob(job, now.plus(Duration.ofHours(25))).changed())
                .isFalse();
        assertThat(fold.expireJob(null, now).changed()).isFalse();
    }

    /** Folds {@code value} into the job, and keeps what the processor would store. */
    private JobChange apply(SpecificRecord value) {
        now = now.plusSeconds(1);
        JobChange change = fold.apply(JOB, job, value, now);
        if (change.changed()) job = change.job();
        return change;
    }

    private static List<String> names(JobChange change) {
        return change.events().stream().map(JobEvent::getEventName).toList();
    }

    /** A request for {@code itemIds}, or of a directory when null. */
    private JobRequested request(List<String> itemIds) {
        return JobRequested.newBuilder()
                .setJobId(JOB)
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setItemIds(itemIds)
                .setDirectoryId(itemIds == null ? "dir-1" : null)
                .setRequestedAt(now)
                .build();
    }

    private ItemsDispatched page(List<String> ids, long total, boolean last) {
        return ItemsDispatched.newBuilder()
                .setJobId(JOB)
                .setPage(0)
                .setItems(ids.stream()
                        .map(id -> new DispatchedItem(id, "file-" + id, id + ".pdf"))
                        .toList())
                .setTotalDispatched(total)
                .setFinalPage(last)
                .setDispatchedAt(now)
                .build();
    }

    private ItemResult result(String item, ItemState state, int attempt) {
        return ItemResult.newBuilder()
                .setJobId(JOB)
                .setItemId(item)
                .setStatus(state)
                .setAttempt(attempt)
                .setErrorMessage(state == ItemState.failed ? "broken" : null)
                .setFinishedAt(now)
                .build();
    }

    private JobCommand command(Object command) {
        return JobCommand.newBuilder()
                .setJobId(JOB)
                .setProjectId("proj")
                .setCommand(command)
                .setRequestedAt(now)
                .build();
    }
}
