package dev.zhijia.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.zhijia.auth.SubjectRevoked;
import dev.zhijia.common.Caller;
import dev.zhijia.member.Eligibility;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code /me/live}: a member's live events as JSON text frames. A client that reconnects passes the
 * last event id it saw ({@code ?lastEventId=} or the {@code Last-Event-ID} header) and first receives
 * what it missed; if that is no longer kept, a {@code {"type":"resync"}} frame tells it to reload its
 * inbox. The server pings (configurable); a client may also send {@code ping} and gets
 * {@code {"type":"pong"}}.
 */
@WebSocket(path = LiveSocket.PATH)
@RolesAllowed(Caller.MEMBER)
public class LiveSocket {

    static final String PATH = "/api/v1/me/live";
    static final String LAST_EVENT_ID = "lastEventId";
    private static final Logger LOG = Logger.getLogger(LiveSocket.class);
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String RESYNC =
            "{\"type\":\"resync\",\"reason\":\"Some events you missed are no longer kept; reload the inbox\"}";

    @Inject
    SecurityIdentity identity;

    @Inject
    LiveSessions sessions;

    @Inject
    LiveEvents events;

    @Inject
    Eligibility eligibility;

    @Inject
    LiveConfig config;

    @OnOpen
    void open(WebSocketConnection connection) {
        long memberId = memberId();
        String last = lastEventId(connection.handshakeRequest());
        boolean resync = false;
        if (last != null) {
            String newest = events.newestId();
            if (LiveEvent.compare(last, newest) > 0) {
                // an id this stream never issued (Redis lost its events, or a forged id): start from now
                resync = true;
                last = newest;
            }
        }
        LiveSession session = new LiveSession(connection, memberId, eligibility.of(memberId), last);
        sessions.add(session);
        List<LiveEvent> missed = List.of();
        if (last != null && !resync) {
            String oldest = events.oldestId();
            int max = config.maxReplay();
            List<LiveEvent> after = oldest == null ? List.of() : events.after(last, max + 1);
            // events after `last` are gone (trimmed, or Redis lost them) or too many to replay
            resync = oldest == null || LiveEvent.compare(last, oldest) < 0 || after.size() > max;
            missed = after.size() > max ? List.of() : after;
        }
        if (resync) {
            session.sendRaw(RESYNC);
        }
        session.replayed(missed);
        LOG.debugf(
                "live socket %s open for member %d (resuming after %s, %d missed)",
                connection.id(), memberId, last, missed.size());
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        LiveSession session = sessions.get(connection.id());
        if (session != null && text != null && text.contains("ping")) {
            session.sendRaw(PONG);
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sessions.remove(connection.id());
    }

    /**
     * Going away: new upgrades are refused and open sockets closed with 1001, so clients reconnect (to
     * another replica) and resume from their last event id, and the graceful shutdown need not wait for them.
     */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    void shutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    /**
     * The member's tokens were revoked (on any replica: a refresh token presented twice signs the whole account
     * out): their sockets here close with 1008, and reconnecting needs a token issued after the revocation.
     */
    void signedOut(@Observes SubjectRevoked event) {
        String prefix = Caller.MEMBER + ":";
        if (!event.subject().startsWith(prefix)) {
            return;
        }
        long memberId = Long.parseLong(event.subject().substring(prefix.length()));
        for (LiveSession s : sessions.ofMember(memberId)) {
            LOG.debugf("closing live socket %s of member %d: signed out", s.connection.id(), memberId);
            close(s, new CloseReason(1008, "signed out; log in again"));
        }
    }

    private void closeAll() {
        LOG.infof("closing %d live sockets: this replica is shutting down", sessions.size());
        sessions.drain();
        for (LiveSession s : sessions.all()) {
            close(s, new CloseReason(1001, "server restarting; reconnect"));
        }
    }

    private static void close(LiveSession s, CloseReason reason) {
        s.connection.close(reason).subscribe().with(ok -> {}, failure -> {});
    }

    private long memberId() {
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject()
                : identity.getPrincipal().getName();
        return Long.parseLong(subject.substring(Caller.MEMBER.length() + 1));
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
