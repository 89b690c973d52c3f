package dev.zhijia.common;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What happens before a request reaches a resource: overlong request targets and header sections and oversized
 * JSON bodies are refused up front, and the router's own failures (no route, body over the global limit) still
 * answer problem JSON.
 *
 * <p>The target and header limits are enforced here, not by the HTTP codec: Vert.x answers a request line or a
 * header section over its own limits with a bare 414/431 before any handler runs (Quarkus offers no hook for
 * that answer, quarkusio/quarkus#55082), so its limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size}) are set well above these and only a request beyond both still gets the bare answer.
 */
@Singleton
public class HttpEdge {

    private final long maxJsonBytes;
    private final int maxUriLength;
    private final int maxHeaderBytes;

    HttpEdge(
            @ConfigProperty(name = "zhijia.http.max-json-bytes") long maxJsonBytes,
            @ConfigProperty(name = "zhijia.http.max-uri-length") int maxUriLength,
            @ConfigProperty(name = "zhijia.http.max-header-bytes") int maxHeaderBytes) {
        this.maxJsonBytes = maxJsonBytes;
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    void install(@Observes Router router) {
        router.route().order(-1001).handler(this::capRequestHead);
        router.route().order(-1000).handler(this::capJsonBody);
        router.errorHandler(404, ctx -> send(ctx, 404, CommonErrors.NOT_FOUND, "No such resource"));
        router.errorHandler(
                405, ctx -> send(ctx, 405, CommonErrors.METHOD_NOT_ALLOWED, "This method is not allowed here"));
        router.errorHandler(
                413, ctx -> send(ctx, 413, CommonErrors.PAYLOAD_TOO_LARGE, "The request body is too large"));
    }

    private void capRequestHead(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxUriLength) {
            send(
                    ctx,
                    414,
                    CommonErrors.URI_TOO_LONG,
                    "Paths with their query are limited to " + maxUriLength + " characters");
            return;
        }
        if (headerBytes(request.headers()) > maxHeaderBytes) {
            send(
                    ctx,
                    431,
                    CommonErrors.HEADERS_TOO_LARGE,
                    "Request headers are limited to " + maxHeaderBytes + " bytes");
            return;
        }
        ctx.next();
    }

    /** The header section's size as the codec counts it: each name and value (characters), no separators. */
    private static long headerBytes(MultiMap headers) {
        long n = 0;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length();
        }
        return n;
    }

    private void capJsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (type != null && "0".equals(length)) {
            // No body, so no media type to refuse: POST /approve with a client's default Content-Type is not a 415.
            ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
            ctx.next();
            return;
        }
        if (type != null && length != null && type.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                if (Long.parseLong(length.trim()) > maxJsonBytes) {
                    send(
                            ctx,
                            413,
                            CommonErrors.PAYLOAD_TOO_LARGE,
                            "JSON bodies are limited to " + maxJsonBytes + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                send(ctx, 400, CommonErrors.BAD_REQUEST, "Content-Length is not a number");
                return;
            }
        }
        ctx.next();
    }

    private static void send(RoutingContext ctx, int status, String code, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(new Problem(status, code, detail, null)));
    }
}
