package dev.batch.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a route sees the request (an ambiguous or malformed URI, a
 * header too large): JSON like every other answer of the API, not Jetty's HTML page. Jetty ends the
 * connection after such a request; the answer says so, so that a client does not reuse it.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        int code = request.getAttribute(ERROR_STATUS) instanceof Integer status ? status : response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        if (message == null && request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t) message = t.getMessage();
        String reason =
                message == null || message.toString().isBlank() ? HttpStatus.getMessage(code) : message.toString();
        byte[] body =
                JSON.writeValueAsBytes(Map.of("detail", "the request was refused before reaching the API: " + reason));
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
