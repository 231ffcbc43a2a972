package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.parse.PageImages.Rendered;
import dev.batch.common.query.NotAvailableException;
import dev.batch.events.FileRecord;
import dev.batch.testkit.Corpus;
import dev.batch.worker.parse.ParserPool;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One page of a stored PDF as a PNG, in this JVM or a parser JVM; what it answers for everything else. */
class PageRendererTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path blobs;

    @Test
    void rendersAPageAtTheScreenshotsSizeWithTheShapeOfThePage() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord paper = file(files, "paper.pdf", Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf")));
        PageRenderer renderer = new PageRenderer(files, null, new Semaphore(1), WAIT);

        BufferedImage page = png(renderer.render(paper, 3));

        // An A4 page (595.3 x 841.9 pt) at 150 dpi.
        assertThat(page.getWidth()).isEqualTo(Math.round(595.276f * 150 / 72));
        assertThat((double) page.getWidth() / page.getHeight()).isCloseTo(595.276 / 841.89, Offset.offset(0.003));
    }

    @Test
    void rendersInAParserJvmWhenIsolated() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord filing =
                file(files, "filing.pdf", Files.readAllBytes(Corpus.file("parse/pdf/sec10q-2022_Q3_AAPL.pdf")));
        try (ParserPool pool = new ParserPool(1, "512m")) {
            PageRenderer renderer = new PageRenderer(files, pool, new Semaphore(1), WAIT);

            BufferedImage page = png(renderer.render(filing, 2));
            assertThat((double) page.getWidth() / page.getHeight()).isCloseTo(612.0 / 792, Offset.offset(0.003));
            assertThat(renderer.render(filing, 1000)).isInstanceOf(Rendered.NoSuchPage.class);
        }
    }

    @Test
    void answersWhatIsWrongWithAPageItCannotRender() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        PageRenderer renderer = new PageRenderer(files, null, new Semaphore(1), WAIT);
        FileRecord paper = file(files, "paper.pdf", Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf")));

        assertThat(renderer.render(paper, 8)).isEqualTo(new Rendered.NoSuchPage(7));
        assertThat(renderer.render(file(files, "note.txt", "plain words".getBytes(StandardCharsets.UTF_8)), 1))
                .isEqualTo(new Rendered.NotAPdf());
        assertThat(renderer.render(
                        file(files, "named.txt", Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"))), 1))
                .as("a PDF by its header, whatever its name")
                .isInstanceOf(Rendered.Png.class);
        Rendered broken = renderer.render(
                file(files, "broken.pdf", "%PDF-1.4\nthis is not a PDF at all\n".getBytes(StandardCharsets.US_ASCII)),
                1);
        assertThat(broken).isInstanceOf(Rendered.Failed.class);
        assertThat(((Rendered.Failed) broken).reason()).contains("broken.pdf").doesNotContain(blobs.toString());
    }

    @Test
    void turnsARenderAwayWhenEveryTurnIsTaken() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord paper = file(files, "paper.pdf", Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf")));
        Semaphore turns = new Semaphore(1);
        PageRenderer renderer = new PageRenderer(files, null, turns, Duration.ofMillis(50));

        turns.acquire(); // a render in progress
        assertThatThrownBy(() -> renderer.render(paper, 1))
                .isInstanceOf(NotAvailableException.class)
                .hasMessageContaining("busy");
        turns.release();
        assertThat(renderer.render(paper, 1)).isInstanceOf(Rendered.Png.class);
        assertThat(turns.availablePermits()).as("the turn is given back").isEqualTo(1);
    }

    private static BufferedImage png(Rendered rendered) throws Exception {
        assertThat(rendered).isInstanceOf(Rendered.Png.class);
        return ImageIO.read(new ByteArrayInputStream(((Rendered.Png) rendered).bytes()));
    }

    private static FileRecord file(FileStore files, String name, byte[] bytes) throws Exception {
        BlobStore.StoredContent content = files.blobs().putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        FileRecord file = FileRecord.newBuilder()
                .setFileId("file-" + name)
                .setProjectId("proj")
                .setName(name)
                .setContentHash(content.sha256())
                .setSize(content.size())
                .setCreatedAt(Instant.now())
                .build();
        files.put(file);
        return file;
    }
}
