package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.events.ErrorCode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.junit.jupiter.api.Test;

/** An item's error message speaks of its document, never of this service's files, store or classes. */
class ErrorTextTest {
    @Test
    void tellsWordsAboutTheServiceFromWordsAboutTheDocument() {
        assertThat(ErrorText.internal("/data/blobs/content/ab/cd/abcd (No such file or directory)"))
                .isTrue();
        assertThat(ErrorText.internal("cannot open s3://batch-store/results/bjb-1/item.json"))
                .isTrue();
        assertThat(ErrorText.internal("Illegal state in dev.batch.worker.parse.PdfPages$Stripper@1a2b"))
                .isTrue();
        assertThat(ErrorText.internal("file:/tmp/x.png")).isTrue();
        assertThat(ErrorText.internal("C:\\batch\\data\\x.bin")).isTrue();

        assertThat(ErrorText.internal("Header doesn't contain versioninfo")).isFalse();
        assertThat(ErrorText.internal("word/document.xml is missing from the package"))
                .isFalse();
        assertThat(ErrorText.internal("Zip bomb detected!")).isFalse();
        assertThat(ErrorText.internal("Unknown encryption filter /Standard, version 9"))
                .isFalse();
        assertThat(ErrorText.internal(null)).isFalse();
    }

    @Test
    void aParseFailureKeepsItsCodeAndSaysWhatWasWrongWithTheDocumentOnly() {
        assertThat(ErrorText.failure(
                        new TikaException(
                                "TIKA-198: Illegal IOException from org.apache.tika.parser.pdf.PDFParser@1a2b",
                                new IOException("Header doesn't contain versioninfo")),
                        "x.pdf"))
                .isEqualTo(new ErrorText.Failure(
                        ErrorCode.PARSE_ERROR, "cannot parse x.pdf: Header doesn't contain versioninfo"));
        assertThat(ErrorText.failure(
                        new TikaException(
                                "TIKA-198: Illegal IOException from org.apache.tika.parser.pdf.PDFParser@1a2b",
                                new NoSuchFileException("/var/lib/batch/blobs/tmp/apache-tika-123.tmp")),
                        "x.pdf"))
                .isEqualTo(new ErrorText.Failure(ErrorCode.PARSE_ERROR, "cannot parse x.pdf: the parser failed on it"));
        assertThat(ErrorText.failure(
                        new EncryptedDocumentException("Unable to process: document is encrypted"), "x.pdf"))
                .isEqualTo(new ErrorText.Failure(
                        ErrorCode.PASSWORD_PROTECTED,
                        "the file is password-protected: Unable to process: document is encrypted"));
        assertThat(ErrorText.failure(
                        new PageFailures(
                                "2 of 2 pages failed, more than the page_error_tolerance of 0.05 allows; page 1:"
                                        + " /tmp/parse-images-1/page_1.png (No space left on device)"),
                        "x.pdf"))
                .isEqualTo(new ErrorText.Failure(ErrorCode.PAGES_FAILED, "too many pages failed"));
    }
}
