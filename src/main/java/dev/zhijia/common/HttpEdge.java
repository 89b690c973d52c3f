package dev.zhijia.common;

import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What happens before a request reaches a resource: oversized JSON bodies are refused up front,
 * and the router's own failures (no route, body over the global limit) still answer problem JSON.
 */
@Singleton
public class HttpEdge {

    private final long maxJsonBytes;

    HttpEdge(@ConfigProperty(name = "zhijia.http.max-json-bytes") long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::capJsonBody);
        router.errorHandler(404, ctx -> send(ctx, 404, CommonErrors.NOT_FOUND, "No such resource"));
        router.errorHandler(
                405, ctx -> send(ctx, 405, CommonErrors.METHOD_NOT_ALLOWED, "This method is not allowed here"));
        router.errorHandler(
                413, ctx -> send(ctx, 413, CommonErrors.PAYLOAD_TOO_LARGE, "The request body is too large"));
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
