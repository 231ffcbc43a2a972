package dev.batch.common.blob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second process on a segment store's folder, for {@link SegmentBlobStoreTest}: writes {@code count}
 * objects under {@code folder}, says so, waits for its standard input to close and dies without
 * closing the store, as a killed worker would.
 */
public final class SegmentWriterProcess {
    private SegmentWriterProcess() {}

    public static void main(String[] args) throws IOException {
        SegmentBlobStore store = new SegmentBlobStore(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++)
            store.putObject(args[1] + "/" + i + ".json", ("child " + i).getBytes(StandardCharsets.UTF_8));
        System.out.println("written");
        System.out.flush();
        while (System.in.read() >= 0) {}
        Runtime.getRuntime().halt(0);
    }
}
