package dev.batch.worker.parse;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.text.TextPosition;

/**
 * The type a run of glyphs is set in: its size and whether it is bold. A run may mix fonts and
 * sizes ("Clay, J (2004), ‘World…" with the author in bold; small capitals), so both are read from
 * its glyphs, not from the first one. Remembers each font's weight for the page being read.
 */
final class GlyphType {
    /** Bold by name, TeX's too: CMBX10 (Computer Modern bold), SFBX1095 (cm-super), NimbusRomNo9L-Medi (URW's Times bold). */
    private static final Pattern BOLD_NAME =
            Pattern.compile("(?i)bold|black|heavy|semibold|demi|-medi|cmbx|cmb\\d|sfbx|ecbx");

    private final Map<PDFont, Boolean> boldFonts = new IdentityHashMap<>();

    /**
     * The size of the largest letters: small capitals, superscripts and subscripts are set smaller
     * than their text (signs such as ▶ may be larger). PDFBox's {@code getFontSizeInPt} would cut
     * 9.96 down to 9.
     */
    static float size(List<TextPosition> positions) {
        float letters = 0;
        float any = 0;
        for (TextPosition p : positions) {
            any = Math.max(any, p.getYScale());
            String u = p.getUnicode();
            if (u != null && !u.isEmpty() && Character.isLetter(u.codePointAt(0)))
                letters = Math.max(letters, p.getYScale());
        }
        return Math.round((letters > 0 ? letters : any) * 10) / 10f;
    }

    /** Whether most of the glyphs that are not spaces are bold. */
    boolean bold(List<TextPosition> positions) {
        int bold = 0;
        int glyphs = 0;
        for (TextPosition p : positions) {
            if (p.getUnicode() == null || p.getUnicode().isBlank()) continue;
            glyphs++;
            if (p.getFont() != null && boldFonts.computeIfAbsent(p.getFont(), GlyphType::bold)) bold++;
        }
        return glyphs > 0 && 2 * bold > glyphs;
    }

    /** Forgets the fonts seen (a page's fonts are its own objects). */
    void clear() {
        boldFonts.clear();
    }

    private static boolean bold(PDFont font) {
        PDFontDescriptor d = font.getFontDescriptor();
        if (d != null && (d.isForceBold() || d.getFontWeight() >= 600)) return true;
        String name = font.getName();
        return name != null && BOLD_NAME.matcher(name).find();
    }
}
