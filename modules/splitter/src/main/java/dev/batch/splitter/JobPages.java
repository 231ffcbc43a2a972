package dev.batch.splitter;

import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobRequested;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.List;

/**
 * A job's two steps of {@link SplitProcessor}: listing its items page by page (announced at once,
 * queued in the {@link PageQueue}) and releasing queued pages' tasks while its {@link JobWindow} has
 * room. Both move the job's {@link SplitProgress}; the processor stores it.
 */
final class JobPages {
    private final ItemLister lister;
    private final JobWindow window;
    private final SplitOutput output;
    private final PageQueue queue;

    JobPages(ItemLister lister, JobWindow window, SplitOutput output, PageQueue queue) {
        this.lister = lister;
        this.window = window;
        this.output = output;
        this.queue = queue;
    }

    /** Announces the job's next pages of items and queues them: a directory at most a threshold per tick. */
    int list(String jobId, SplitProgress progress, Instant now, int budget) {
        if (progress.getListed()) return 0;
        JobRequested request = progress.getRequest();
        int pageSize = pageSize(request);
        int threshold = request.getDirectoryId() == null
                ? Integer.MAX_VALUE
                : request.getContinueAsNewThreshold() == null
                        ? pageSize
                        : Math.max(1, request.getContinueAsNewThreshold());
        int allowance = Math.min(threshold, budget);
        int listed = 0;
        while (listed < allowance && !progress.getListed()) {
            ItemLister.Page next = lister.next(progress, Math.min(pageSize, allowance - listed));
            List<DispatchedItem> items = next.items();
            listed += items.size();
            progress.setDispatched(progress.getDispatched() + items.size());
            ItemsDispatched page = output.announce(progress, items, next.last(), now);
            if (!items.isEmpty()) queue.put(jobId, progress.getPage(), page);
            progress.setPage(progress.getPage() + 1);
            progress.setNotices(null);
            progress.setListed(next.last());
        }
        return listed;
    }

    /** Sends the tasks of queued pages, oldest first, while the job's window has room. */
    int release(String jobId, SplitProgress progress, Instant now, int budget) {
        long allowance = Math.min(budget, window.room(progress));
        int sent = 0;
        while (sent < allowance && progress.getReleasePage() < progress.getPage()) {
            ItemsDispatched page = queue.get(jobId, progress.getReleasePage());
            List<DispatchedItem> items = page == null ? List.of() : page.getItems(); // an empty page is never queued
            int from = progress.getReleaseOffset();
            int to = (int) Math.min(items.size(), from + (allowance - sent));
            output.tasks(progress.getRequest(), items.subList(from, to), now);
            sent += to - from;
            progress.setReleased(progress.getReleased() + (to - from));
            if (to == items.size()) {
                queue.delete(jobId, progress.getReleasePage());
                progress.setReleasePage(progress.getReleasePage() + 1);
                progress.setReleaseOffset(0);
            } else {
                progress.setReleaseOffset(to);
            }
        }
        return sent;
    }

    private static int pageSize(JobRequested r) {
        return Math.max(1, Math.min(JobRequestValidator.MAX_PAGE_SIZE, r.getPageSize()));
    }
}
