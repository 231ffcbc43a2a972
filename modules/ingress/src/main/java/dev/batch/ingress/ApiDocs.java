package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.batch.client.ApiPaths;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API's description: {@code openapi.yaml} (written by hand next to the routes, checked against
 * them and against real responses by {@code OpenApiIT}) served as {@code /openapi.json}, and
 * Swagger UI at {@code /docs} from its webjar, so the page works without the internet.
 */
final class ApiDocs {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private final byte[] json;
    private final StaticAssets ui;

    ApiDocs() {
        this.json = load();
        this.ui = new StaticAssets(WEBJAR + webjarVersion() + "/", "public, max-age=86400");
    }

    /** The document as a tree (tests and tools read it). */
    static JsonNode document() {
        try (InputStream in = resource("openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml is unreadable", e);
        }
    }

    private static byte[] load() {
        try {
            return new ObjectMapper().writeValueAsBytes(document());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.OPENAPI, ctx -> ctx.contentType("application/json").result(json));
        routes.get(ApiPaths.DOCS, this::page);
        routes.get(ApiPaths.DOCS + "/{asset}", ctx -> ui.serve(ctx, ctx.pathParam("asset")));
    }

    private void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Batch processing API</title>
                  <link rel="stylesheet" href="/docs/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="/docs/swagger-ui-bundle.js"></script>
                  <script>
                    SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true});
                  </script>
                </body>
                </html>
                """);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is not on the classpath");
        return in;
    }

    /** The webjar's version, from its Maven metadata: the assets sit under a folder named after it. */
    private static String webjarVersion() {
        try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("the swagger-ui webjar is missing", e);
        }
    }
}
