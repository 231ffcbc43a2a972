package dev.batch.tools.fuzz;

import static dev.batch.client.ApiPaths.CLASSIFY_JOB;
import static dev.batch.client.ApiPaths.CLASSIFY_JOBS;
import static dev.batch.client.ApiPaths.CLASSIFY_JOB_RESULTS;
import static dev.batch.client.ApiPaths.DIRECTORIES;
import static dev.batch.client.ApiPaths.DIRECTORY;
import static dev.batch.client.ApiPaths.DIRECTORY_FILES;
import static dev.batch.client.ApiPaths.FILE;
import static dev.batch.client.ApiPaths.FILES;
import static dev.batch.client.ApiPaths.FILE_CONTENT;
import static dev.batch.client.ApiPaths.ITEM_PROCESSING_RESULTS;
import static dev.batch.client.ApiPaths.ITEM_RESULT;
import static dev.batch.client.ApiPaths.JOB;
import static dev.batch.client.ApiPaths.JOBS;
import static dev.batch.client.ApiPaths.JOB_ITEMS;
import static dev.batch.client.ApiPaths.JOB_WEBHOOK_DELIVERIES;
import static dev.batch.client.ApiPaths.PARSE_JOB;
import static dev.batch.client.ApiPaths.WEBHOOK_SECRET;
import static dev.batch.client.ApiPaths.path;
import static dev.batch.tools.fuzz.FuzzRequest.abbreviate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A second project asks for each of the first project's objects on every route that reads one,
 * lists its own, and parses a copy of the first project's bytes. A leak is an answer to an object
 * read that is not 404, any answer holding an id, name or value of the first project that the
 * request did not send, or a copy skipped as the first project's already processed document.
 */
final class CrossProjectCheck {
    /** How many object reads and listings the other project made, and how many leaked. */
    record Result(int reads, int leaks) {}

    private final BatchApiClient owner;
    private final BatchApiClient other;
    private final Map<String, Set<String>> created;
    private final Set<String> own;

    /** {@code created}: the first project's ids by kind (added to here); {@code own}: its names and values. */
    CrossProjectCheck(BatchApiClient owner, BatchApiClient other, Map<String, Set<String>> created, Set<String> own) {
        this.owner = owner;
        this.other = other;
        this.created = created;
        this.own = own;
    }

    /** Runs the check after the first project's {@code job}; examples of leaks go to {@code examples}. */
    Result run(String job, List<String> examples) {
        collectItems();
        Set<String> secrets = new LinkedHashSet<>(own);
        created.values().forEach(secrets::addAll);
        int leaks = 0;
        List<String> ownReads = new ArrayList<>();
        // The first project's seed bytes, uploaded and parsed by the other with the same parameters: parsed for it,
        // never
        // skipped as the first project's already processed document, and its results hold nothing of the first project.
        String copyId = other.uploadFile("copy.txt", "fuzzing starts here".getBytes(StandardCharsets.UTF_8));
        awaitTerminal(owner, job);
        String copyJobId =
                other.createJob("{\"job_config\": {\"parameters\": {}}, \"item_ids\": [\"" + copyId + "\"]}");
        awaitTerminal(other, copyJobId);
        JsonNode copyItem = other.items(copyJobId).path("items").path(0);
        if (!copyItem.path("status").asText().equals("completed")) {
            leaks++;
            examples.add("another project's copy of the first project's bytes ended "
                    + copyItem.path("status").asText() + " "
                    + copyItem.path("skip_reason").asText() + ", not completed for itself");
        }
        ownReads.addAll(List.of(
                path(ITEM_RESULT, copyId) + "?format=json",
                path(ITEM_PROCESSING_RESULTS, copyId),
                path(PARSE_JOB, copyItem.path("job_id").asText())
                        + "?expand=text,markdown,items,metadata,job_metadata"));
        List<String> reads = objectReads();
        List<String> listings = new ArrayList<>(List.of(
                JOBS, JOBS + "?limit=1000", FILES + "?page_size=1000", DIRECTORIES, CLASSIFY_JOBS, WEBHOOK_SECRET));
        listings.addAll(ownReads);
        List<String> all = new ArrayList<>(reads);
        all.addAll(listings);
        for (String path : all) {
            ApiResponse r = other.get(path);
            String leaked = null;
            if (reads.contains(path) && r.status() != 404) leaked = "answered " + r.status();
            for (String secret : secrets) {
                if (leaked == null && !path.contains(secret) && r.raw().contains(secret))
                    leaked = "holds '" + abbreviate(secret) + "'";
            }
            if (leaked != null) {
                leaks++;
                if (examples.size() < 20)
                    examples.add(
                            "another project's GET " + abbreviate(path) + " " + leaked + ": " + abbreviate(r.raw()));
            }
        }
        return new Result(reads.size() + listings.size(), leaks);
    }

    /** The items of the first project's jobs (up to 50), and their parse jobs: the ids a job's items show. */
    private void collectItems() {
        List<String> jobs = List.copyOf(created.getOrDefault("job", Set.of()));
        for (String job : jobs.subList(0, Math.min(50, jobs.size()))) {
            ApiResponse items = owner.get(path(JOB_ITEMS, job));
            if (items.status() != 200) continue;
            for (JsonNode item : items.path("items")) {
                if (item.path("item_id").isTextual())
                    created.computeIfAbsent("item", k -> new LinkedHashSet<>())
                            .add(item.get("item_id").asText());
                if (item.path("job_id").isTextual())
                    created.computeIfAbsent("parse_job", k -> new LinkedHashSet<>())
                            .add(item.get("job_id").asText());
            }
        }
    }

    /** Every route that reads one of the first project's objects, for each of them. */
    private List<String> objectReads() {
        List<String> reads = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : created.entrySet()) {
            for (String id : e.getValue()) {
                switch (e.getKey()) {
                    case "file", "item" ->
                        reads.addAll(List.of(
                                path(FILE, id),
                                path(FILE_CONTENT, id),
                                path(ITEM_RESULT, id),
                                path(ITEM_PROCESSING_RESULTS, id)));
                    case "directory" -> reads.addAll(List.of(path(DIRECTORY, id), path(DIRECTORY_FILES, id)));
                    case "job" ->
                        reads.addAll(List.of(path(JOB, id), path(JOB_ITEMS, id), path(JOB_WEBHOOK_DELIVERIES, id)));
                    case "classify_job" ->
                        reads.addAll(List.of(path(CLASSIFY_JOB, id), path(CLASSIFY_JOB_RESULTS, id)));
                    case "parse_job" ->
                        reads.add(path(PARSE_JOB, id)
                                + "?expand=text,markdown,items,metadata,job_metadata,images_content_metadata");
                    default -> {}
                }
            }
        }
        return reads;
    }

    /** Polls a job as {@code client}'s project until it is terminal, at most a minute. */
    private static void awaitTerminal(BatchApiClient client, String jobId) {
        client.awaitTerminal(jobId, Duration.ofMinutes(1), Duration.ofMillis(100));
    }
}
