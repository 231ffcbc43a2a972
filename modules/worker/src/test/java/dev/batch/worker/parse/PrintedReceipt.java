package dev.batch.worker.parse;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A receipt's lines printed into an image, as small as a scan may have them. */
public final class PrintedReceipt {
    public static final List<String> LINES =
            List.of("SUBTOTAL 51.42", "GST 6% 3.08", "TOTAL 54.50", "CASH 60.00", "CHANGE 5.50", "DATE 27/05/2018");

    private PrintedReceipt() {}

    /** {@link #LINES} printed in a monospaced font of {@code size} pixels, as a PNG in {@code dir}. */
    public static Path write(Path dir, int size) throws Exception {
        int lineHeight = size + size / 2;
        BufferedImage img = new BufferedImage(
                40 + size * 9, 2 * lineHeight + LINES.size() * lineHeight, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, size));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        for (int i = 0; i < LINES.size(); i++) g.drawString(LINES.get(i), 10, (i + 1) * lineHeight + size / 2);
        g.dispose();
        Path file = dir.resolve("receipt-" + size + ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
