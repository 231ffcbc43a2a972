package dev.batch.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Ids;
import dev.batch.common.blob.FileStore;
import dev.batch.events.ItemTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The page screenshots a task's parse saved, for a model that reads pages as images. */
final class ParsedImages {
    private ParsedImages() {}

    /** The screenshots of {@code parse} (the task's stored parse result), in page order. */
    static List<byte[]> screenshots(FileStore files, ItemTask task, JsonNode parse) throws IOException {
        String child = Ids.parseJob(task.getJobId(), task.getItemId());
        List<byte[]> out = new ArrayList<>();
        for (JsonNode image : parse.path("images")) {
            if (!"screenshot".equals(image.path("category").asText())) continue;
            files.blobs()
                    .getObject("images/" + child + "/" + image.path("filename").asText())
                    .ifPresent(out::add);
        }
        return out;
    }
}
