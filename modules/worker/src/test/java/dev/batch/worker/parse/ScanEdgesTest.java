package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.RequiredTools;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanEdgesTest {
    private static final String[] SLIP = {
        "CORNER GROCERY",
        "Milk 1L          1.20",
        "Bread            2.35",
        "TOTAL            3.55",
        "CASH            10.00",
        "CHANGE           6.45"
    };

    /** Faint grey print on a grey page, the scanner's black edge along the right and the bottom. */
    private static byte[] faintScanWithDarkEdges() throws Exception {
        BufferedImage image = new BufferedImage(900, 1400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, 900, 1400);
        g.setColor(Color.BLACK);
        g.fillRect(860, 0, 40, 1400);
        g.fillRect(0, 1360, 900, 40);
        g.setColor(new Color(150, 150, 150));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
        for (int i = 0; i < SLIP.length; i++) g.drawString(SLIP[i], 100, 200 + 60 * i);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void readsFaintPrintThatTheScannersDarkEdgesHidFromTesseract(@TempDir Path dir) throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, Ocr.binary().isPresent());
        Path scan = dir.resolve("scan.png");
        Files.write(scan, faintScanWithDarkEdges());
        // the edges pull Tesseract's threshold: read whole, the page is empty
        assertThat(Ocr.read(scan, "eng", 60_000)).isBlank();

        ParsedDocument d = new DocumentParser()
                .parse(new ByteArrayInputStream(Files.readAllBytes(scan)), "scan.png", ParseOptions.of("{}"));

        assertThat(d.textFull()).contains("CORNER GROCERY").contains("CHANGE");
    }
}
