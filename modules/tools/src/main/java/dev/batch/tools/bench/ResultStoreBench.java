package dev.batch.tools.bench;

import dev.batch.common.FileTrees;
import dev.batch.common.Hashes;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.blob.SegmentBlobStore;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench-result-store [N]}: N (100,000) small results written the way the worker writes
 * them (the result {@code results/<job>/<item>.json} and its index entry, from 3 threads as the default
 * 3 parse workers), then read back and checked, with a file per object ({@link LocalBlobStore}) and
 * with segments ({@link SegmentBlobStore}), in a scratch folder on the file system the system would
 * use. Each runs once quiet and once right after a per-file run's files were deleted (the state the
 * next job meets after a cleanup on ext4). Last line: {@code items=… per_file_s=… segments_s=…
 * ratio=… per_file_after_delete_s=… segments_after_delete_s=… ratio_after_delete=…}, the ratios being
 * per file over segments (above 1: segments are faster).
 */
public final class ResultStoreBench {
    private static final int THREADS = 3;
    private static final String PROJECT = "bench-project";

    private ResultStoreBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path scratch = BenchSystem.scratch("bench-result-store-");
        System.out.printf("%,d items in %s; %s%n", n, scratch, Machine.describe());
        run("warm-up (segments)", true, Math.min(n, 10_000), scratch.resolve("warm-up"));
        FileTrees.delete(scratch.resolve("warm-up"));
        double filesQuiet = run("per file", false, n, scratch.resolve("files-quiet"));
        double segmentsQuiet = run("segments", true, n, scratch.resolve("segments-quiet"));
        deleteTimed(scratch.resolve("files-quiet"));
        FileTrees.delete(scratch.resolve("segments-quiet"));
        double filesAfter = run("per file, after a deletion", false, n, scratch.resolve("files-after"));
        deleteTimed(scratch.resolve("files-after"));
        double segmentsAfter = run("segments, after a deletion", true, n, scratch.resolve("segments-after"));
        System.out.printf(
                "items=%d per_file_s=%.1f segments_s=%.1f ratio=%.2f per_file_after_delete_s=%.1f"
                        + " segments_after_delete_s=%.1f ratio_after_delete=%.2f%n",
                n,
                filesQuiet,
                segmentsQuiet,
                filesQuiet / segmentsQuiet,
                filesAfter,
                segmentsAfter,
                filesAfter / segmentsAfter);
    }

    /** Writes and reads back {@code n} items; returns the seconds both took. */
    private static double run(String name, boolean segments, int n, Path root) throws Exception {
        String job = Ids.job();
        String parameters = Hashes.sha256Hex("{\"do_not_cache\": true}");
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(UUID.randomUUID().toString());
        long heap0 = heapAfterGc();
        BlobStore store = segments ? new SegmentBlobStore(root) : new LocalBlobStore(root);
        try {
            long t0 = System.nanoTime();
            inParallel(items, item -> {
                store.putObject(resultKey(job, item), result(job, item));
                ResultIndex.put(store, item, parameters, lineage(job, item, parameters));
            });
            double written = (System.nanoTime() - t0) / 1e9;
            inParallel(items, item -> check(store, job, item));
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "%-28s %6.1f s (written in %.1f s, read back and checked in %.1f s): %,.0f items/s%n",
                    name, total, written, total - written, n / total);
            if (segments) System.out.printf("  the segments' index: %d MB of heap%n", (heapAfterGc() - heap0) >> 20);
            return total;
        } finally {
            if (store instanceof Closeable c) c.close();
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void check(BlobStore store, String job, String item) throws IOException {
        byte[] stored = store.getObject(resultKey(job, item)).orElseThrow(() -> missing(item, "result"));
        if (!Arrays.equals(stored, result(job, item))) throw new IllegalStateException(item + ": wrong result");
        List<ProcessingResult> indexed = ResultIndex.results(store, item, PROJECT);
        if (indexed.size() != 1 || !indexed.get(0).getOutputLocation().equals(resultKey(job, item)))
            throw missing(item, "index entry");
    }

    private static IllegalStateException missing(String item, String what) {
        return new IllegalStateException(item + ": its " + what + " is missing");
    }

    private interface ItemTask {
        void run(String item) throws IOException;
    }

    /** The items split between {@link #THREADS} threads, as the worker's parse loops share a job. */
    private static void inParallel(List<String> items, ItemTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < items.size(); i += THREADS) task.run(items.get(i));
                    return null;
                }));
            }
            for (Future<?> f : parts) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private static void deleteTimed(Path dir) throws IOException {
        long t0 = System.nanoTime();
        FileTrees.delete(dir);
        System.out.printf("deleted the per-file run's folder in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static String resultKey(String job, String item) {
        return "results/" + job + "/" + item + ".json";
    }

    /** About what the worker writes for a one-line text file. */
    private static byte[] result(String job, String item) {
        String text = "A tiny text file, parsed many times over. " + item;
        return ("{\"job_id\":\"" + job + "\",\"item_id\":\"" + item + "\",\"file_name\":\"tiny.txt\","
                        + "\"job_metadata\":{\"job_pages\":1,\"job_is_cache_hit\":false},"
                        + "\"pages\":[{\"page\":1,\"text\":\"" + text + "\",\"md\":\"" + text + "\","
                        + "\"images\":[],\"charts\":[],\"tables\":[],\"layout\":[],\"items\":[{\"type\":\"text\","
                        + "\"value\":\"" + text + "\",\"md\":\"" + text + "\",\"bBox\":{\"x\":0,\"y\":0,\"w\":612,"
                        + "\"h\":12}}],\"status\":\"OK\",\"links\":[],\"width\":612,\"height\":792,"
                        + "\"triggeredAutoMode\":false,\"parsingMode\":\"fast\",\"structuredData\":null,"
                        + "\"noStructuredContent\":false,\"noTextContent\":false}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ProcessingResult lineage(String job, String item, String parameters) {
        return ProcessingResult.newBuilder()
                .setResultId(UUID.randomUUID().toString())
                .setContentHash(Hashes.sha256Hex("A tiny text file, parsed many times over.\n"))
                .setParametersHash(parameters)
                .setItemId(item)
                .setItemName("tiny.txt")
                .setFileId(UUID.randomUUID().toString())
                .setJobId(job)
                .setProjectId(PROJECT)
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"do_not_cache\": true}")
                .setOutputLocation(resultKey(job, item))
                .setProcessedAt(Instant.now())
                .build();
    }
}
