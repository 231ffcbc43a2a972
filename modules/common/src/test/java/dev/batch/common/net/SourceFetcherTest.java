package dev.batch.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetching documents from real HTTP(S) servers on 127.0.0.1 (and 127.0.0.2), allowed or not by the policy. */
class SourceFetcherTest {
    private static final long LIMIT = 256 * 1024;
    private static final byte[] DOCUMENT = bytes(200_000);

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requested.add(path);
        var headers = exchange.getResponseHeaders();
        switch (path) {
            case "/docs/report.pdf" -> {
                headers.add("Content-Type", "application/pdf");
                send(exchange, 200, DOCUMENT);
            }
            case "/attachment" -> {
                headers.add("Content-Disposition", exchange.getRequestURI().getQuery());
                send(exchange, 200, DOCUMENT);
            }
            case "/chunked" -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int at = 0; at < DOCUMENT.length; at += 7_000)
                        out.write(DOCUMENT, at, Math.min(7_000, DOCUMENT.length - at));
                }
            }
            case "/large" -> send(exchange, 200, new byte[(int) LIMIT + 1]);
            case "/large-chunked" -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 10; i++) out.write(new byte[(int) LIMIT / 8]);
                } catch (IOException e) {
                    // the fetcher stopped reading: as intended
                }
            }
            case "/missing" -> send(exchange, 404, "no such document".getBytes());
            case "/loop" -> redirect(exchange, 302, "/loop");
            case "/to-metadata" -> redirect(exchange, 302, "http://169.254.169.254/latest/meta-data");
            case "/slow" -> {
                await(testOver, 10_000); // a server that does not answer until the test is over
                send(exchange, 200, DOCUMENT);
            }
            case "/trickle" -> {
                exchange.sendResponseHeaders(200, DOCUMENT.length);
                OutputStream out = exchange.getResponseBody();
                try { // a byte every 100 ms until the fetcher hangs up
                    for (int at = 0; at < DOCUMENT.length && !await(testOver, 100); at++) {
                        out.write(DOCUMENT[at]);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the fetcher gave up: as intended
                }
            }
            default -> {
                if (path.startsWith("/redirect/")) {
                    redirect(exchange, Integer.parseInt(path.substring(10)), "/docs/report.pdf");
                } else {
                    send(exchange, 404, new byte[0]);
                }
            }
        }
        exchange.close();
    }

    private SourceFetcher fetcher(String allowed) {
        return new SourceFetcher(new ReceiverPolicy(allowed), Duration.ofSeconds(2), Duration.ofSeconds(5), LIMIT);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void fetchesTheBodyIntoTheTargetFile() throws Exception {
        Path target = dir.resolve("fetched");
        SourceFetcher.Fetched f = fetcher("127.0.0.1").fetch(url("/docs/report.pdf?v=2"), target);
        assertThat(f)
                .isEqualTo(new SourceFetcher.Fetched(
                        url("/docs/report.pdf?v=2"), "application/pdf", "report.pdf", DOCUMENT.length));
        assertThat(Files.readAllBytes(target)).isEqualTo(DOCUMENT);
    }

    @Test
    void namesTheFileByItsContentDispositionElseByTheUrl() throws Exception {
        SourceFetcher fetcher = fetcher("127.0.0.1");
        Path target = dir.resolve("fetched");
        assertThat(fetcher.fetch(url("/attachment?attachment;%20filename=%22Q3%20report.pdf%22"), target)
                        .fileName())
                .isEqualTo("Q3 report.pdf");
        assertThat(fetcher.fetch(
                                url("/attachment?attachment;%20filename=%22fallback.pdf%22;%20"
                                        + "filename*=UTF-8''r%25C3%25A9sum%25C3%25A9.pdf"),
                                target)
                        .fileName())
                .as("filename* first")
                .isEqualTo("résumé.pdf");
        assertThat(fetcher.fetch(url("/attachment?attachment;%20filename=%22../../etc/passwd%22"), target)
                        .fileName())
                .as("never a path")
                .isEqualTo("passwd");
        assertThat(fetcher.fetch(url("/attachment?inline"), target).fileName())
                .as("the last path segment")
                .isEqualTo("attachment");
        assertThat(FetchedNames.fileName(null, URI.create("https://docs.test/a/annual%20report.pdf")))
                .isEqualTo("annual report.pdf");
        assertThat(FetchedNames.fileName(null, URI.create("https://docs.test/")))
                .isEqualTo("download");
        assertThat(FetchedNames.fileName("attachment; filename=\"..\"", URI.create("https://docs.test")))
                .isEqualTo("download");
    }

    @Test
    void readsAChunkedBodyToItsLastChunk() throws Exception {
        Path target = dir.resolve("fetched");
        long start = System.nanoTime();
        SourceFetcher.Fetched f = fetcher("127.0.0.1").fetch(url("/chunked"), target);
        assertThat(f.bytes()).isEqualTo(DOCUMENT.length);
        assertThat(f.contentType()).isNull();
        assertThat(Files.readAllBytes(target)).isEqualTo(DOCUMENT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void followsARedirectAndReportsTheFinalUrl(int status) throws Exception {
        Path target = dir.resolve("fetched");
        SourceFetcher.Fetched f = fetcher("127.0.0.1").fetch(url("/redirect/" + status), target);
        assertThat(f.url()).isEqualTo(url("/docs/report.pdf"));
        assertThat(f.fileName()).isEqualTo("report.pdf");
        assertThat(Files.readAllBytes(target)).isEqualTo(DOCUMENT);
        assertThat(requested).containsExactly("/redirect/" + status, "/docs/report.pdf");
    }

    @Test
    void refusesARedirectToAnInternalAddressWithoutConnectingToIt() {
        Path target = dir.resolve("fetched");
        assertThatThrownBy(() -> fetcher("127.0.0.1").fetch(url("/to-metadata"), target))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage("redirects to a URL that resolves to an internal address; list its host in"
                        + " BATCH_WEBHOOK_ALLOWED_HOSTS to allow it")
                .hasMessageNotContaining("169.254");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesLoopbackUnlessTheSettingListsIt() {
        Path target = dir.resolve("fetched");
        assertThatThrownBy(() -> fetcher("").fetch(url("/docs/report.pdf"), target))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage(ReceiverPolicy.INTERNAL)
                .hasMessageNotContaining("127.0.0.1");
        assertThat(requested).isEmpty();
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/large", "/large-chunked"})
    void refusesABodyLargerThanTheLimitAndLeavesNoFile(String path) {
        Path target = dir.resolve("fetched");
        assertThatThrownBy(() -> fetcher("127.0.0.1").fetch(url(path), target))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage("is larger than the limit of " + LIMIT + " bytes");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAnAnswerOtherThan2xxNamingItsStatus() {
        assertThatThrownBy(() -> fetcher("127.0.0.1").fetch(url("/missing"), dir.resolve("fetched")))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage("the server answered 404");
    }

    @Test
    void followsNoMoreThanFiveRedirects() {
        assertThatThrownBy(() -> fetcher("127.0.0.1").fetch(url("/loop"), dir.resolve("fetched")))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage("redirects more than 5 times");
        assertThat(requested).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/slow", "/trickle"})
    void aServerThatAnswersSlowlyIsGivenUpAtTheDeadline(String path) {
        SourceFetcher fetcher = new SourceFetcher(
                new ReceiverPolicy("127.0.0.1"), Duration.ofSeconds(2), Duration.ofMillis(700), LIMIT);
        Path target = dir.resolve("fetched");
        long start = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(url(path), target))
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage("was not fetched within 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(650), Duration.ofMillis(2500));
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesWhatIsNotAnHttpUrlAndSaysWhyAFetchFailed() {
        StubDns dns = new StubDns(Map.of());
        SourceFetcher fetcher = new SourceFetcher(
                new ReceiverPolicy("127.0.0.1", dns), Duration.ofSeconds(2), Duration.ofSeconds(2), LIMIT);
        Map<String, String> failures = Map.of(
                "ftp://docs.test/a.pdf", "must be an http or https URL",
                "not a url", "is not a URL",
                "http://user:secret@127.0.0.1/a.pdf", "must not carry credentials",
                "http://nowhere.test/a.pdf", "has a host that cannot be resolved",
                "http://127.0.0.1:1/a.pdf", "cannot be reached: the connection was refused");
        failures.forEach((url, why) -> assertThatThrownBy(() -> fetcher.fetch(url, dir.resolve("fetched")))
                .as(url)
                .isInstanceOf(SourceFetcher.Failed.class)
                .hasMessage(why));
    }

    @Test
    void connectsToTheAddressesItCheckedLookingTheNameUpOncePerHop() throws Exception {
        // 127.0.0.2 stands for the server's public address (the only one allowed); 127.0.0.1, on the same port, for
        // an internal service that a second lookup of the name would reach.
        HttpServer checked = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        int port = checked.getAddress().getPort();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        List<String> reached = new CopyOnWriteArrayList<>();
        for (HttpServer s : List.of(checked, internal)) {
            String name = s == checked ? "checked " : "internal ";
            s.createContext("/", exchange -> {
                reached.add(name + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Host"));
                if (exchange.getRequestURI().getPath().equals("/first")) redirect(exchange, 302, "/second");
                else send(exchange, 200, DOCUMENT);
                exchange.close();
            });
            s.start();
        }
        try {
            StubDns dns = new StubDns(Map.of("docs.test", List.of("127.0.0.2", "127.0.0.1")));
            SourceFetcher fetcher = new SourceFetcher(
                    new ReceiverPolicy("127.0.0.2/32", dns), Duration.ofSeconds(2), Duration.ofSeconds(2), LIMIT);
            String first = "http://docs.test:" + port + "/first";
            assertThatThrownBy(() -> fetcher.fetch(first, dir.resolve("fetched")))
                    .as("the redirect's hop is checked again, and its lookup answers loopback")
                    .isInstanceOf(SourceFetcher.Failed.class)
                    .hasMessageStartingWith("redirects to a URL that resolves to an internal address")
                    .hasMessageNotContaining("127.0.0.1");
            assertThat(dns.lookups("docs.test")).as("one lookup per hop").isEqualTo(2);
            assertThat(reached).containsExactly("checked /first docs.test:" + port);

            StubDns stable = new StubDns(Map.of("docs.test", List.of("127.0.0.2")));
            SourceFetcher.Fetched f = new SourceFetcher(
                            new ReceiverPolicy("127.0.0.2/32", stable),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(2),
                            LIMIT)
                    .fetch(first, dir.resolve("fetched"));
            assertThat(f.url()).isEqualTo("http://docs.test:" + port + "/second");
            assertThat(stable.lookups("docs.test")).isEqualTo(2);
            assertThat(reached).noneMatch(r -> r.startsWith("internal"));
        } finally {
            checked.stop(0);
            internal.stop(0);
        }
    }

    @Test
    void fetchesOverTlsCheckingTheCertificateAgainstTheHostName() throws Exception {
        SelfSignedTls tls = new SelfSignedTls(dir, "docs.test");
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
        https.createContext("/", exchange -> {
            send(exchange, 200, DOCUMENT);
            exchange.close();
        });
        https.start();
        try {
            int port = https.getAddress().getPort();
            StubDns dns = new StubDns(Map.of("docs.test", List.of("127.0.0.1"), "other.test", List.of("127.0.0.1")));
            SourceFetcher fetcher = new SourceFetcher(
                    new ReceiverPolicy("127.0.0.1/32", dns),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    LIMIT,
                    tls.trustingClient());
            Path target = dir.resolve("fetched");
            SourceFetcher.Fetched f = fetcher.fetch("https://docs.test:" + port + "/a.pdf", target);
            assertThat(f.bytes()).isEqualTo(DOCUMENT.length);
            assertThat(Files.readAllBytes(target)).isEqualTo(DOCUMENT);
            assertThatThrownBy(() -> fetcher.fetch("https://other.test:" + port + "/a.pdf", target))
                    .isInstanceOf(SourceFetcher.Failed.class)
                    .hasMessageStartingWith("cannot be fetched: the TLS handshake failed");
        } finally {
            https.stop(0);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the fetcher stopped reading: as some tests intend
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    /** Waits for the latch up to {@code millis}; whether it was counted down. */
    private static boolean await(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(22).nextBytes(b);
        return b;
    }
}
