package dev.batch.worker.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParseResult;
import dev.batch.worker.parse.ParsedDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/**
 * The classifier on documents written for this test (none of the classify corpus), against rules
 * worded unlike the benchmark's: what tells a form, a letter, a till receipt and an invoice apart
 * is their shape, and without it the words alone answer wrong.
 */
class LayoutEvidenceTest {
    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final PDFont HELVETICA = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final Classifier classifier = new Classifier();

    private static final List<Classifier.Rule> RULES = List.of(
            new Classifier.Rule("paperwork", "A sheet with empty spaces and boxes that a person completes by hand."),
            new Classifier.Rule(
                    "correspondence",
                    "A message from one person or company to another, opening with a greeting and ending with a sign-off."),
            new Classifier.Rule(
                    "till_slip",
                    "What a shop's till prints after a sale: the goods, the sum, and the cash handed over with the change."),
            new Classifier.Rule("bill", "A request for payment sent to a client: what is owed, and by when it is due."),
            new Classifier.Rule("cv", "Someone's career on a page: jobs held, schooling and abilities."));

    /** A visitor's registration sheet: labels with nothing after them (the boxes to write in are drawn, not text). */
    private static final String REGISTRATION = String.join(
            "\n",
            "City Library",
            "Visitor registration",
            "Surname:",
            "Given names:",
            "Nationality:",
            "Passport or ID number:",
            "Address in town:",
            "Reason for the visit:",
            "Signature:",
            "Date:");

    /**
     * A reference that speaks of a career, but greets its reader and is signed below its place and
     * date, as letters are.
     */
    private static final String REFERENCE = String.join(
            "\n",
            "Northfield Engineering Ltd",
            "12 Harbour Road, Leeds",
            "Hello Ms Okafor,",
            "I am pleased to recommend Daniel Brooks, who worked with us from 2019 to 2024 as a software engineer.",
            "His professional experience covers embedded systems, test automation and the design of our build tools.",
            "His education in electrical engineering shows in his careful work, and his skills in C and Python are",
            "excellent. He led a team of four and trained our apprentices.",
            "Before joining us, from 2015 to 2019, he studied at the University of Leeds (BSc, first class).",
            "I recommend him without reservation.",
            "Leeds, 14 March 2025",
            "Helen Marsh",
            "Head of Engineering");

    /** A petrol station's slip, printed as a "tax invoice" as the law asks, paid in cash with change. */
    private static final String TILL = String.join(
            "\n",
            "RIVERSIDE FUEL STOP",
            "88 Canal Street",
            "TAX INVOICE",
            "Invoice no 400233   Bill no 233",
            "Unleaded 95  32.10 L",
            "  1.489 / L          47.80",
            "Coffee large          3.20",
            "Water 1.5L            1.50",
            "TOTAL                52.50",
            "CASH                 60.00",
            "CHANGE                7.50",
            "VAT incl.             8.75",
            "Thank you, drive safely");

    @Test
    void readsABlankRegistrationSheetAsPaperworkByItsEmptyFields() throws Exception {
        Classifier.Doc doc = doc(pdf(REGISTRATION), "document.pdf");
        assertThat(doc.signals().count(Signals.Kind.FILL_INS)).isGreaterThanOrEqualTo(6);

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("paperwork");
        assertThat(r.reasoning()).contains(Signals.Kind.FILL_INS.label);
        // by its words alone, nothing: the sheet names no kind of document
        assertThat(classifier.classify(doc.withoutShape(), RULES).type()).isNull();
    }

    @Test
    void readsAReferenceAsCorrespondenceByItsGreetingAndSignatureThoughItSpeaksOfACareer() throws Exception {
        Classifier.Doc doc = doc(text(REFERENCE), "document.txt");
        assertThat(doc.signals().count(Signals.Kind.GREETING)).isEqualTo(1);
        assertThat(doc.signals().count(Signals.Kind.SIGN_OFF)).isEqualTo(1);

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("correspondence");
        assertThat(classifier.classify(doc.withoutShape(), RULES).type()).isEqualTo("cv");
    }

    @Test
    void readsATillSlipThatCallsItselfAnInvoiceAsATillSlipByItsCashAndChange() throws Exception {
        Classifier.Doc doc = doc(text(TILL), "document.txt");
        assertThat(doc.signals().count(Signals.Kind.PAYMENT))
                .as("cash, change, and they add up")
                .isGreaterThan(3);

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("till_slip");
        assertThat(classifier.classify(doc.withoutShape(), RULES).type()).isEqualTo("bill");
    }

    /** A cover letter: the career a CV would list, between "Dear" and "Sincerely" and a name. */
    private static final String COVER_LETTER = String.join(
            "\n",
            "Maria Lopez",
            "maria.lopez@example.com | +1 555 0100",
            "Hiring Manager, Brightwave Analytics",
            "Dear Hiring Manager,",
            "I am applying for the Data Analyst position. In my work experience of five years at Coastal Bank",
            "(2019 - 2024) I built dashboards in SQL and Python and led the migration of reports to Power BI.",
            "My education includes a BSc in Statistics, and my skills include R, Python, SQL and Tableau.",
            "Sincerely,",
            "Maria Lopez");

    @Test
    void readsACoverLetterAsCorrespondenceNotAsTheCvItDescribes() throws Exception {
        Classifier.Doc doc = doc(text(COVER_LETTER), "document.txt");

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("correspondence");
        assertThat(classifier.classify(doc.withoutShape(), RULES).type()).isEqualTo("cv");
    }

    /** A CV: contact lines, dated posts, no greeting and no sign-off. */
    private static final String CV = String.join(
            "\n",
            "Amira Haddad",
            "Email: amira.haddad@example.org   Phone: +44 7700 900123",
            "Profile",
            "Data engineer with eight years of building pipelines for retail and logistics.",
            "Experience",
            "2021 - present   Lead data engineer, Parcelway, Manchester",
            "2016 - 2021      Data engineer, Fresh Basket Stores, Leeds",
            "Education",
            "2012 - 2016      BSc Computer Science, University of York",
            "Skills",
            "Python, SQL, Kafka, Spark, Airflow");

    @Test
    void leavesACvACvThoughItHasLabelledValues() throws Exception {
        Classifier.Doc doc = doc(text(CV), "document.txt");
        assertThat(doc.signals().count(Signals.Kind.KEY_VALUES)).isPositive();
        assertThat(doc.signals().count(Signals.Kind.GREETING) + doc.signals().count(Signals.Kind.SIGN_OFF))
                .isZero();

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("cv");
        assertThat(r.confidence()).isGreaterThan(0.8);
    }

    /** An invoice in plain text: whom it bills, by when, a table of items. */
    private static final String INVOICE = String.join(
            "\n",
            "Brightline Signs & Print",
            "Invoice 2025-0147",
            "Bill to: Harbour Cafe, 4 Quay Lane, Whitby",
            "Date: 03/02/2025        Due date: 05/03/2025",
            "Description                 Qty   Unit price    Amount",
            "Shop sign, painted            1       420.00    420.00",
            "Menu boards                   3        35.00    105.00",
            "Subtotal                                        525.00",
            "VAT 20%                                         105.00",
            "Total                                           630.00",
            "Payment terms: 30 days. IBAN GB29 NWBK 6016 1331 9268 19");

    @Test
    void keepsAnInvoiceThatBillsAClientAwayFromTheTillSlip() throws Exception {
        Classifier.Doc doc = doc(text(INVOICE), "document.txt");
        assertThat(doc.signals().count(Signals.Kind.BILLING)).isGreaterThanOrEqualTo(3);
        assertThat(doc.signals().count(Signals.Kind.ITEM_TABLE)).isEqualTo(2);
        assertThat(doc.signals().count(Signals.Kind.PAYMENT)).isZero();

        Classifier.Result r = classifier.classify(doc, RULES);
        assertThat(r.type()).as(r.reasoning()).isEqualTo("bill");
        assertThat(r.scores().get("bill")).isGreaterThan(r.scores().get("till_slip") + 0.2);
    }

    @Test
    void matchesRulesWrittenInFrenchByTheShapesTheyDescribe() throws Exception {
        List<Classifier.Rule> french = List.of(
                new Classifier.Rule("formulaire", "Un formulaire à remplir : des champs vides et des cases à cocher."),
                new Classifier.Rule(
                        "lettre",
                        "Un courrier adressé à quelqu'un, avec une formule d'appel et une formule de politesse."),
                new Classifier.Rule("cv", "Le parcours d'une personne : postes occupés, études, compétences."));

        Classifier.Result form = classifier.classify(doc(pdf(REGISTRATION), "document.pdf"), french);
        Classifier.Result letter = classifier.classify(doc(text(REFERENCE), "document.txt"), french);

        assertThat(form.type()).as(form.reasoning()).isEqualTo("formulaire");
        assertThat(letter.type()).as(letter.reasoning()).isEqualTo("lettre");
    }

    private Classifier.Doc doc(byte[] bytes, String name) throws Exception {
        ParseOptions options = ParseOptions.of("{\"parameters\": {\"max_pages\": 5, \"disable_ocr\": true}}");
        ParsedDocument d;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            d = new DocumentParser().parse(in, name, options);
        }
        JsonNode parsed = SNAKE.valueToTree(ParseResult.of("job", "item", "file", name, "proj", d, options));
        return Classifier.Doc.of(parsed, name, null, false);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One page, a line of text every 30 points; a box drawn after each label that ends in a colon. */
    private static byte[] pdf(String text) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = 780;
                for (String line : text.split("\n")) {
                    cs.beginText();
                    cs.setFont(HELVETICA, 12);
                    cs.newLineAtOffset(72, y);
                    cs.showText(line);
                    cs.endText();
                    if (line.endsWith(":")) {
                        cs.addRect(260, y - 6, 260, 20); // the box to write in
                        cs.stroke();
                    }
                    y -= 30;
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
