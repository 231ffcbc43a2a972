package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.catalog.CatalogItems;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.DispatchedItem;
import dev.batch.events.JobRequested;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a job's items from the splitter's catalog: whether the catalog knows them yet, and the
 * job's next page. {@code item_ids}: the ids are in the request (file ids or directory file ids),
 * their files and names come from the catalog.
 * {@code directory_id}: the directory's key range is paged with a cursor kept in the job's progress.
 */
final class ItemLister {
    private static final Logger log = LoggerFactory.getLogger(ItemLister.class);

    /** One page of a job's items; {@code last}: the job has no more. */
    record Page(List<DispatchedItem> items, boolean last) {}

    /** Whether a job may be listed now: not while {@code waiting} for the catalog, never when it has a {@code problem}. */
    record Check(boolean waiting, String problem) {
        static final Check READY = new Check(false, null);
        static final Check WAITING = new Check(true, null);
    }

    private final Topics topics;
    private final Catalog catalog;
    private final SplitterSettings settings;

    ItemLister(Topics topics, Catalog catalog, SplitterSettings settings) {
        this.topics = topics;
        this.catalog = catalog;
        this.settings = settings;
    }

    /**
     * Whether the catalog shows the job's items as files of its project, or has read its directory
     * up to the job's watermark: the job waits for that a while, and then is refused when its items
     * or its directory are not its project's (a directory job lists what is there).
     */
    Check check(SplitProgress progress, Instant now) {
        JobRequested request = progress.getRequest();
        if (!progress.getItemsChecked()) {
            List<String> foreign = CatalogItems.foreign(catalog, request.getItemIds(), request.getProjectId());
            if (!foreign.isEmpty()) {
                if (now.isBefore(progress.getAcceptedAt().plus(settings.maxItemsWait()))) return Check.WAITING;
                return new Check(
                        false, JobRequestValidator.unknownItems(foreign).getMessage());
            }
            progress.setItemsChecked(true);
        }
        if (request.getDirectoryId() != null && progress.getPage() == 0 && progress.getCursor() == null) {
            if (!caughtUp(request.getCatalogWatermark())) {
                if (now.isBefore(progress.getAcceptedAt().plus(settings.maxCatalogWait()))) return Check.WAITING;
                log.warn(
                        "Job {}: the catalog has not reached the job's watermark after {}; listing what is there",
                        request.getJobId(),
                        settings.maxCatalogWait());
            }
            if (!directoryFound(request))
                return new Check(false, "directory '" + request.getDirectoryId() + "' not found");
        }
        return Check.READY;
    }

    /** Whether the catalog has read the directory files up to the job's watermark. */
    private boolean caughtUp(Map<String, Long> watermark) {
        if (watermark == null || watermark.isEmpty()) return true;
        Map<Integer, Long> position = catalog.position(topics.directoryFiles.name());
        for (Map.Entry<String, Long> e : watermark.entrySet()) {
            if (position.getOrDefault(Integer.parseInt(e.getKey()), 0L) < e.getValue()) return false;
        }
        return true;
    }

    /** Whether the job's directory exists, is not deleted and is its project's. */
    private boolean directoryFound(JobRequested request) {
        Optional<DirectoryRecord> dir = catalog.directory(request.getDirectoryId());
        return dir.isPresent()
                && dir.get().getProjectId().equals(request.getProjectId())
                && dir.get().getDeletedAt() == null;
    }

    /** At most {@code want} items after those already listed; a directory's cursor moves on in {@code progress}. */
    Page next(SplitProgress progress, int want) {
        JobRequested request = progress.getRequest();
        if (request.getDirectoryId() != null) {
            Catalog.Page<DirectoryFileRecord> files = catalog.directoryFiles(
                    request.getDirectoryId(), progress.getCursor(), want, f -> f.getDeletedAt() == null);
            List<DispatchedItem> items = new ArrayList<>(files.items().size());
            for (DirectoryFileRecord f : files.items())
                items.add(new DispatchedItem(f.getId(), f.getFileId(), f.getDisplayName()));
            boolean last = files.next() == null;
            if (!last) progress.setCursor(files.next());
            return new Page(items, last);
        }
        List<String> ids = request.getItemIds();
        int from = (int) progress.getDispatched();
        int to = Math.min(ids.size(), from + want);
        List<DispatchedItem> items = new ArrayList<>(to - from);
        for (String id : ids.subList(from, to)) {
            // Gone since the check: the item fails when its worker finds no file.
            items.add(CatalogItems.resolve(catalog, id)
                    .map(i -> new DispatchedItem(i.itemId(), i.fileId(), i.name()))
                    .orElseGet(() -> new DispatchedItem(id, id, null)));
        }
        return new Page(items, to == ids.size());
    }
}
