package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that put work on the service: {@code upload}, {@code parse} and {@code classify}. */
final class StartCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartCommands() {}

    /** A command that starts a job over a local folder (uploaded first) or an existing directory. */
    abstract static class OverDirectory extends Subcommand {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "A local folder to upload first.")
        Path dir;

        @Option(names = "--directory", description = "An existing directory id instead of a folder.")
        String directoryId;

        @Option(names = "--watch", description = "Follow the job to its end with a progress bar.")
        boolean watch;

        /** Starts a job with {@code config} over the directory; prints its id; follows it when asked. */
        int start(ObjectNode config) throws IOException {
            BatchApiClient api = root.api();
            ObjectNode body = JSON.createObjectNode();
            body.set("job_config", config);
            body.put("directory_id", FolderUpload.directory(api, dir, directoryId, root.err));
            String job = api.createJob(body.toString());
            root.out.println(job);
            root.out.flush();
            return watch ? root.watch(api, job) : 0;
        }
    }

    @Command(
            name = "upload",
            description = "Create a directory named after DIR and upload every file under it (hidden files aside).")
    static final class Upload extends Subcommand implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Option(names = "--name", description = "Name of the new directory (default: the folder's name).")
        String name;

        @Override
        public Integer call() throws IOException {
            root.out.println(FolderUpload.upload(root.api(), dir, name, root.err));
            return 0;
        }
    }

    @Command(
            name = "parse",
            description = "Parse every file of a folder (uploaded first) or of a directory; prints the job id.")
    static final class Parse extends OverDirectory implements Callable<Integer> {
        @Option(
                names = "--param",
                description = "A parse parameter, k=v (repeatable): true/false, numbers and JSON are typed.")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            ObjectNode config = JSON.createObjectNode();
            ObjectNode parameters = config.putObject("parameters");
            params.forEach((k, v) -> parameters.set(k, typed(v)));
            return start(config);
        }

        /** "true"/"false", numbers and JSON become typed; anything else stays a string. */
        static JsonNode typed(String v) {
            String t = v.strip();
            if (t.equals("true")
                    || t.equals("false")
                    || t.matches("-?\\d+(\\.\\d+)?")
                    || t.startsWith("[")
                    || t.startsWith("{")) {
                try {
                    return JSON.readTree(t);
                } catch (IOException e) {
                    // not JSON after all: a string
                }
            }
            return JSON.getNodeFactory().textNode(v);
        }
    }

    @Command(
            name = "classify",
            description =
                    "Classify every file of a folder (uploaded first) or of a directory against rules; prints the job id.")
    static final class Classify extends OverDirectory implements Callable<Integer> {
        @Option(
                names = "--rules",
                required = true,
                description = "JSON file: a list of {type, description}, or {\"rules\": [...]}.")
        Path rules;

        @Option(
                names = "--mode",
                description = "FAST (text) or MULTIMODAL (text and page images).",
                defaultValue = "FAST")
        String mode;

        @Override
        public Integer call() throws IOException {
            JsonNode r = JSON.readTree(Files.readAllBytes(rules));
            if (r.isObject() && r.has("rules")) r = r.get("rules");
            if (!r.isArray() || r.isEmpty())
                throw new IllegalArgumentException(rules + ": expected a non-empty list of rules");
            ObjectNode config = JSON.createObjectNode();
            config.set("rules", r);
            config.put("mode", mode.toUpperCase(Locale.ROOT));
            return start(config);
        }
    }
}
