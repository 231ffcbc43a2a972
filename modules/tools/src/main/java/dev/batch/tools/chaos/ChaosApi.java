package dev.batch.tools.chaos;

import static dev.batch.client.ApiPaths.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiCallException;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import java.time.Duration;
import java.util.function.Supplier;

/** The API as a chaos run calls it: while processes die, a call may find the API down or restarting. */
final class ChaosApi {
    private final BatchApiClient client;

    ChaosApi(BatchApiClient client) {
        this.client = client;
    }

    BatchApiClient client() {
        return client;
    }

    /** Retries while the API process is down or restarting (bounded): the faults are the point. */
    JsonNode call(String what, Supplier<ApiResponse> request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                ApiResponse r = request.get();
                if (r.ok()) return r.json();
                if (r.status() < 500 && r.status() != 404) throw new IllegalStateException(what + " -> " + r);
                last = r.toString();
            } catch (ApiCallException e) {
                if (e.status() != 0) throw e;
                last = e.getMessage();
            }
            Thread.sleep(250); // the API is restarting: try again shortly
        }
        throw new IllegalStateException(what + " did not succeed within 120 s: " + last);
    }

    /** A job's status answer, or null while the API cannot answer for it. */
    JsonNode tryJob(String id) {
        try {
            ApiResponse r = client.send(client.request(path(ApiPaths.JOB, id))
                    .timeout(Duration.ofSeconds(10))
                    .GET());
            return r.status() == 200 ? r.json() : null;
        } catch (ApiCallException e) {
            return null;
        }
    }
}
