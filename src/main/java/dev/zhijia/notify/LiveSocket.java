package dev.zhijia.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

import dev.zhijia.common.Caller;
import dev.zhijia.member.Eligibility;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /me/live}: a member's live events as JSON text frames. A client that reconnects passes the
 * last event id it saw ({@code ?lastEventId=} or the {@code Last-Event-ID} header) and first receives
 * what it missed; if that is no longer kept, a {@code {"type":"resync"}} frame tells it to reload its
 * inbox. The server pings (configurable); a client may also send {@code ping} and gets
 * {@code {"type":"pong"}}. The socket's life is {@link LiveEndpoint}'s, shared with {@link ConsoleLiveSocket}.
 */
@WebSocket(path = LiveSocket.PATH)
@RolesAllowed(Caller.MEMBER)
public class LiveSocket {

    static final String PATH = "/api/v1/me/live";
    static final String LAST_EVENT_ID = "lastEventId";

    @Inject
    SecurityIdentity identity;

    @Inject
    LiveEndpoint endpoint;

    @Inject
    Eligibility eligibility;

    @OnOpen
    void open(WebSocketConnection connection) {
        JsonWebToken token = token(identity);
        long memberId = id(identity, Caller.MEMBER);
        endpoint.open(connection, new LiveRecipient.Member(memberId, eligibility.of(memberId)), token);
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        endpoint.message(connection, text);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        endpoint.closed(connection);
    }

    static JsonWebToken token(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
    }

    /** The id in the subject {@code <kind>:<id>} (the role check let only that kind in). */
    static long id(SecurityIdentity identity, String kind) {
        JsonWebToken jwt = token(identity);
        String subject = jwt != null && jwt.getSubject() != null
                ? jwt.getSubject()
                : identity.getPrincipal().getName();
        return Long.parseLong(subject.substring(kind.length() + 1));
    }

    /** Validated by {@link LiveHandshake} before the upgrade. */
    static String lastEventId(HandshakeRequest request) {
        String fromQuery = queryParam(request.query(), LAST_EVENT_ID);
        return fromQuery != null ? fromQuery : request.header("Last-Event-ID");
    }

    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
