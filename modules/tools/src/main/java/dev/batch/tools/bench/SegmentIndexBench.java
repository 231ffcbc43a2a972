package dev.batch.tools.bench;

import dev.batch.common.Hashes;
import dev.batch.common.Ids;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.blob.SegmentBlobStore;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code scripts/bench-segment-index [items 1000000]}: what the segment store's index costs on the heap.
 * One directory job's items are written to a {@link SegmentBlobStore} as the worker writes them (the
 * result {@code results/<job>/<item>.json} and its index entry, keys as a directory job has them); the
 * heap after a full GC, before and after, over the objects written. Last line: {@code items=…
 * objects=… index_bytes_per_object=… heap_mb=… write_s=…}.
 */
public final class SegmentIndexBench {
    private SegmentIndexBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path scratch = BenchSystem.scratch("bench-segment-index-");
        System.out.printf("%,d items in %s; %s%n", n, scratch, Machine.describe());
        String job = Ids.job();
        String parameters = Hashes.sha256Hex("{\"do_not_cache\": true}");
        ProcessingResult lineage = lineage(job, parameters);
        byte[] result = "{\"pages\":[{\"page\":1,\"text\":\"A tiny text file.\"}]}".getBytes(StandardCharsets.UTF_8);
        long heap0 = heapAfterGc();
        try (SegmentBlobStore store = new SegmentBlobStore(scratch)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String item = "dfl-" + UUID.randomUUID();
                store.putObject("results/" + job + "/" + item + ".json", result);
                ResultIndex.put(store, item, parameters, lineage);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long heap = heapAfterGc() - heap0;
            long objects = 2L * n;
            System.out.printf(
                    "items=%d objects=%d index_bytes_per_object=%.1f heap_mb=%d write_s=%.1f%n",
                    n, objects, (double) heap / objects, heap >> 20, seconds);
            if (store.listObjects("results/" + job).size() != n) throw new IllegalStateException("objects missing");
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static ProcessingResult lineage(String job, String parameters) {
        return ProcessingResult.newBuilder()
                .setResultId(UUID.randomUUID().toString())
                .setContentHash(Hashes.sha256Hex("A tiny text file.\n"))
                .setParametersHash(parameters)
                .setItemId("dfl-" + UUID.randomUUID())
                .setItemName("tiny.txt")
                .setFileId(UUID.randomUUID().toString())
                .setJobId(job)
                .setProjectId("bench-project")
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"do_not_cache\": true}")
                .setOutputLocation("results/" + job + "/tiny.json")
                .setProcessedAt(Instant.now())
                .build();
    }
}
