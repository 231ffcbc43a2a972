package dev.batch.cli;

import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A local folder uploaded into a new directory of the service, with a progress bar on standard error. */
final class FolderUpload {
    private FolderUpload() {}

    /** The directory to process: an existing id, or a folder uploaded now. */
    static String directory(BatchApiClient api, Path dir, String directoryId, PrintWriter err) throws IOException {
        if ((dir == null) == (directoryId == null))
            throw new IllegalArgumentException("give either a folder or --directory ID");
        return directoryId != null ? directoryId : upload(api, dir, null, err);
    }

    /** Creates a directory ({@code name}, null: the folder's) and uploads the folder's files into it; the directory id. */
    static String upload(BatchApiClient api, Path dir, String name, PrintWriter err) throws IOException {
        List<Path> files = files(dir);
        String dirName = name != null
                ? name
                : dir.toAbsolutePath().normalize().getFileName().toString();
        String id = api.createDirectory(dirName);
        long total = 0;
        for (Path f : files) total += Files.size(f);
        Progress bar = new Progress(err, "upload", files.size());
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            api.uploadToDirectory(id, files.get(i));
            bytes += Files.size(files.get(i));
            bar.show(
                    i + 1,
                    String.format(
                            "%d/%d files, %s of %s",
                            i + 1, files.size(), Progress.bytes(bytes), Progress.bytes(total)));
        }
        bar.done();
        err.printf("uploaded %d files to directory %s (%s)%n", files.size(), dirName, id);
        return id;
    }

    /** The regular files under {@code dir}, hidden ones aside, in path order; at least one. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException(dir + " has no files");
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }
}
