package dev.batch.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an answer's head and copying its body, however it is framed, up to a limit. */
class AnswerReaderTest {
    private static AnswerReader reader(String answer) {
        return new AnswerReader(
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1)), 1024, "the server");
    }

    private static String copy(String answer, long max) throws IOException {
        AnswerReader r = reader(answer);
        int status = r.status();
        Map<String, String> headers = r.headers();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = r.copyBody(status, headers, out, max);
        assertThat(n).isEqualTo(out.size());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void copiesABodyOfExactlyTheLimitAndRefusesOneByteMore() throws IOException {
        assertThat(copy("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 5)).isEqualTo("hello");
        assertThat(copy("HTTP/1.1 200 OK\r\n\r\nhello", 5))
                .as("ended by the close")
                .isEqualTo("hello");
        assertThatThrownBy(() -> copy("HTTP/1.1 200 OK\r\n\r\nhello!", 5)).isInstanceOf(AnswerReader.TooLarge.class);
        assertThatThrownBy(() -> copy("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n", 5))
                .as("refused by its Content-Length, before reading")
                .isInstanceOf(AnswerReader.TooLarge.class);
    }

    @Test
    void copiesAChunkedBodyWhateverTheHeadBudgetAndRefusesOneOverTheLimit() throws IOException {
        StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 2000; i++) chunked.append("1;ext=x\r\na\r\n");
        chunked.append("0\r\nTrailer: t\r\n\r\n");
        assertThat(copy(chunked.toString(), 2000)).hasSize(2000).matches("a+");
        assertThatThrownBy(() -> copy(chunked.toString(), 1999)).isInstanceOf(AnswerReader.TooLarge.class);
        assertThatThrownBy(() -> copy("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 10))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("the server's chunked answer is malformed");
    }

    @Test
    void skipsABodyWithinTheBudgetOnly() throws IOException {
        AnswerReader r = reader("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(2000));
        int status = r.status();
        r.body(status, r.headers());
        assertThat(status).as("the budget ran out: no error").isEqualTo(200);
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nX: " + "y".repeat(2000) + "\r\n\r\n")
                        .headers())
                .isInstanceOf(ProtocolException.class)
                .hasMessage("the head of the server's answer is longer than 1 KiB");
    }
}
