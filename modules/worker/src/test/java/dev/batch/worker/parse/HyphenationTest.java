package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyphenationTest {
    private static String join(String text, String elsewhere) {
        Item.BBox box = new Item.BBox(0, 0, 100, 20);
        List<List<Item>> pages = List.of(List.of(new Item.Text(text, box), new Item.Text(elsewhere, box)));
        return Hyphenation.join(pages).get(0).get(0).plain();
    }

    @Test
    void joinsAWordBrokenOverALineEndWithoutItsHyphen() {
        assertThat(join("a rather long exam-\nple of the kind", "one example"))
                .isEqualTo("a rather long example\nof the kind");
        // a syllable break joins even when the document has no other example of the word
        assertThat(join("the metallici-\nties predicted", "low metal")).isEqualTo("the metallicities\npredicted");
    }

    @Test
    void keepsTheHyphenOfACompoundWhosePartsAreWordsOfTheDocument() {
        assertThat(join("the long-\nterm rate", "over a long time in the short term"))
                .isEqualTo("the long-term\nrate");
        assertThat(join("a well-\nknown result", "as is well-known")).isEqualTo("a well-known\nresult");
        assertThat(join("signal-\nto-noise ratio", "")).isEqualTo("signal-to-noise\nratio");
        assertThat(join("Quarter-over-\nQuarter Change", "")).isEqualTo("Quarter-over-Quarter\nChange");
    }

    @Test
    void joinsASoftHyphenAlwaysAndLeavesADashAfterASpaceAlone() {
        assertThat(join("well\u00AD\nknown", "well and known")).isEqualTo("wellknown");
        assertThat(join("the result -\nand more", "")).isEqualTo("the result -\nand more");
    }

    @Test
    void joinsAWordBrokenAtTheFootOfAColumnWithTheHeadOfTheNext() {
        Item.BBox box = new Item.BBox(0, 0, 100, 20);
        List<List<Item>> pages = List.of(List.of(
                new Item.Text("the end of the first column, where the penetra-", box),
                new Item.Text("tion goes on\nin the second", box),
                new Item.Text("Figure-", box),
                new Item.Text("Caption", box)));

        List<Item> page = Hyphenation.join(pages).get(0);
        assertThat(page.get(0).plain()).isEqualTo("the end of the first column, where the penetration");
        assertThat(page.get(1).plain()).isEqualTo("goes on\nin the second");
        assertThat(page.get(2).plain()).isEqualTo("Figure-");
    }

    @Test
    void leavesTextReadByOcrAsTesseractReadsIt() {
        Item.Text ocr = new Item.Text("func-\ntion");
        List<List<Item>> pages = List.of(List.of(ocr, new Item.Text("a function")));

        assertThat(Hyphenation.join(pages).get(0).get(0)).isSameAs(ocr);
    }

    @Test
    void leavesTablesAsTheyAre() {
        Item.Table table = new Item.Table(List.of(List.of("exam-", "ple")));
        List<List<Item>> pages = List.of(List.of(table, new Item.Text("an example")));

        assertThat(Hyphenation.join(pages).get(0).get(0)).isSameAs(table);
    }

    @Test
    void readsATwoColumnPaperWithItsLineEndHyphensJoined() throws Exception {
        ParsedDocument d;
        try (InputStream in = Files.newInputStream(Corpus.file("parse/pdf/sf__multicolumn.pdf"))) {
            d = new DocumentParser().parse(in, "multicolumn.pdf", ParseOptions.of("{}"));
        }
        String text = d.textFull();
        assertThat(text).contains("consectetuer adipiscing\nelit.").doesNotContain("adip-\niscing");
        assertThat(text).doesNotContainPattern("\\p{Ll}-\\n\\p{Ll}");
    }
}
