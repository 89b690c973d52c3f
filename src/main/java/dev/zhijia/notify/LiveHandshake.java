package dev.zhijia.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Problem;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before the {@code /me/live} and {@code /console/live} upgrades. Browsers cannot set headers on a WebSocket, so they may
 * carry the token as a sub-protocol, {@code quarkus-http-upgrade#Authorization#Bearer <jwt>} (the space
 * may be sent as {@code %20}); this turns it into the Authorization header the security layer reads,
 * and leaves any other offered sub-protocol (e.g. {@code zhijia-live}, which the server echoes, as
 * browsers require) in place. Doing it here rather than with Quarkus's built-in propagation lets a
 * malformed value be a 401 problem instead of a 500, and a bad {@code lastEventId} a 400.
 */
@Singleton
class LiveHandshake {

    private final JWTParser jwt;
    private final LiveSessions sessions;

    LiveHandshake(JWTParser jwt, LiveSessions sessions) {
        this.jwt = jwt;
        this.sessions = sessions;
    }

    static final String AUTH_PROTOCOL = "quarkus-http-upgrade";
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

    void install(@Observes Router router) {
        router.route(LiveSocket.PATH).order(-1100).handler(this::check);
        router.route(ConsoleLiveSocket.PATH).order(-1100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (sessions.draining()) {
            ctx.response().putHeader("Retry-After", "1");
            send(ctx, new Problem(503, NotifyErrors.SHUTTING_DOWN, "This replica is shutting down; reconnect", null));
            return;
        }
        if (!validLastEventId(ctx.request())) {
            send(
                    ctx,
                    Problem.validation(List.of(new Problem.Violation(
                            LiveSocket.LAST_EVENT_ID, "must be an event id this service sent (<digits>-<digits>)"))));
            return;
        }
        if (!tokenFromProtocol(ctx.request())) {
            send(
                    ctx,
                    new Problem(
                            401,
                            CommonErrors.UNAUTHENTICATED,
                            "Expected the sub-protocol quarkus-http-upgrade#Authorization#Bearer <token>",
                            null));
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || !validToken(header.substring(7).trim())) {
            send(ctx, new Problem(401, CommonErrors.UNAUTHENTICATED, "A valid bearer token is required", null));
            return;
        }
        ctx.next();
    }

    /** The resume point ({@code ?lastEventId=} or the Last-Event-ID header), if given, is a stream id. */
    private static boolean validLastEventId(HttpServerRequest request) {
        String last;
        try {
            String query = LiveSocket.queryParam(request.query(), LiveSocket.LAST_EVENT_ID);
            last = query != null ? query : request.getHeader("Last-Event-ID");
        } catch (IllegalArgumentException e) {
            last = "?";
        }
        return last == null || LiveEvent.validId(last);
    }

    /**
     * Moves a token offered as a sub-protocol into the Authorization header (unless one is set) and
     * keeps the other offered sub-protocols; false when the token protocol is malformed.
     */
    private static boolean tokenFromProtocol(HttpServerRequest request) {
        List<String> offered = request.headers().getAll(PROTOCOL_HEADER);
        if (offered.stream().noneMatch(v -> v.contains(AUTH_PROTOCOL))) {
            return true;
        }
        List<String> kept = new ArrayList<>();
        String authorization = null;
        for (String value : offered) {
            for (String protocol : value.split(",")) {
                String p = protocol.trim();
                if (p.startsWith(AUTH_PROTOCOL)) {
                    authorization = authorization(p);
                    if (authorization == null) {
                        return false;
                    }
                } else if (!p.isEmpty()) {
                    kept.add(p);
                }
            }
        }
        request.headers().remove(PROTOCOL_HEADER);
        if (!kept.isEmpty()) {
            request.headers().set(PROTOCOL_HEADER, String.join(", ", kept));
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            request.headers().set(HttpHeaders.AUTHORIZATION, authorization);
        }
        return true;
    }

    /**
     * Checked here as well as by the upgrade's security check, because a refused upgrade there is also
     * handed to the REST failure handler, which then logs a second write as an error.
     */
    private boolean validToken(String token) {
        try {
            jwt.parse(token);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /** {@code quarkus-http-upgrade#Authorization#Bearer <jwt>} → {@code Bearer <jwt>}, or null if malformed. */
    static String authorization(String protocol) {
        String decoded;
        try {
            decoded = URLDecoder.decode(protocol, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] parts = decoded.split("#", 3);
        if (parts.length != 3
                || !parts[0].equals(AUTH_PROTOCOL)
                || !parts[1].equalsIgnoreCase("Authorization")
                || !parts[2].startsWith("Bearer ")
                || parts[2].length() < 8) {
            return null;
        }
        return parts[2];
    }

    private static void send(RoutingContext ctx, Problem problem) {
        ctx.response().setStatusCode(problem.status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().end(Json.encode(problem));
    }
}
