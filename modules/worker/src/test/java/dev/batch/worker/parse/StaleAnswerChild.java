package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A parser process that has fallen out of step: it answers each request with the previous request's number. */
public final class StaleAnswerChild {
    private StaleAnswerChild() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        System.out.println("{\"ready\": true}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            long id = json.readTree(line).path("id").asLong();
            System.out.println("{\"id\": " + (id - 1) + ", \"ok\": true, \"pages\": 1}");
        }
    }
}
