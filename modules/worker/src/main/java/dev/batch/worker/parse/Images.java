package dev.batch.worker.parse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The images a parse saves ({@code images_to_save}): a rendered PNG per page ({@code screenshot})
 * and the document's own pictures ({@code embedded}), written to a folder the worker then moves
 * into the blob store. Oversized images are skipped, not rendered: memory stays bounded.
 */
public final class Images {
    /** One saved image, as the v2 result lists it. */
    public record Saved(
            String filename, int index, int pageNumber, String category, String contentType, long sizeBytes) {}

    static final long MAX_PIXELS = 40_000_000L;
    private final Path dir;
    private final List<Saved> saved = Collections.synchronizedList(new ArrayList<>());

    /** {@code dir} null: saves nothing. */
    public Images(Path dir) {
        this.dir = dir;
    }

    static Images none() {
        return new Images(null);
    }

    boolean enabled() {
        return dir != null;
    }

    void save(BufferedImage image, int page, String category, String name) throws IOException {
        if (dir == null || image == null || (long) image.getWidth() * image.getHeight() > MAX_PIXELS) return;
        Path file = dir.resolve(name + ".png");
        ImageIO.write(image, "png", file.toFile());
        saved.add(
                new Saved(file.getFileName().toString(), saved.size(), page, category, "image/png", Files.size(file)));
    }

    /**
     * Saves an image file as it is decoded by ImageIO (PNG, JPEG, GIF, BMP, TIFF), after checking
     * its size from the header, so a decompression bomb is never decoded. False when the file is
     * not such an image or is too large.
     */
    boolean saveFile(Path file, int page, String category, String name) throws IOException {
        if (dir == null) return false;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) return false;
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return false;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) return false;
                save(reader.read(0), page, category, name);
                return true;
            } finally {
                reader.dispose();
            }
        }
    }

    public List<Saved> saved() {
        return List.copyOf(saved);
    }
}
