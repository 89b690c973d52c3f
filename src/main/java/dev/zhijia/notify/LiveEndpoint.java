package dev.zhijia.notify;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.auth.Revocations;
import dev.zhijia.auth.SubjectRevoked;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * What every live socket does, whoever holds it ({@link LiveSocket} for members, {@link ConsoleLiveSocket} for
 * console accounts): on open, replay what the client missed after its last event id (or tell it to resync), then
 * go live; answer pings; close with 1008 when the holder's tokens are revoked (signed out, a console account
 * disabled or its role changed), and with 1001 when this replica shuts down.
 */
@ApplicationScoped
class LiveEndpoint {

    private static final Logger LOG = Logger.getLogger(LiveEndpoint.class);
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String RESYNC =
            "{\"type\":\"resync\",\"reason\":\"Some events you missed are no longer kept; reload the inbox\"}";

    private final LiveSessions sessions;
    private final LiveEvents events;
    private final LiveConfig config;
    private final Revocations revocations;

    LiveEndpoint(LiveSessions sessions, LiveEvents events, LiveConfig config, Revocations revocations) {
        this.sessions = sessions;
        this.events = events;
        this.config = config;
        this.revocations = revocations;
    }

    /** {@code token}: the one the handshake carried (null if the identity is not a JWT). */
    void open(WebSocketConnection connection, LiveRecipient recipient, JsonWebToken token) {
        String last = LiveSocket.lastEventId(connection.handshakeRequest());
        boolean resync = false;
        if (last != null) {
            String newest = events.newestId();
            if (LiveEvent.compare(last, newest) > 0) {
                // an id this stream never issued (Redis lost its events, or a forged id): start from now
                resync = true;
                last = newest;
            }
        }
        LiveSession session = new LiveSession(connection, recipient, last);
        sessions.add(session);
        if (token != null && !revocations.accepts(token)) {
            // revoked between the handshake's check and now: the revocation's close may have missed this socket
            close(session, signedOut());
            return;
        }
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
                "live socket %s open for %s (resuming after %s, %d missed)",
                connection.id(), recipient.subject(), last, missed.size());
    }

    void message(WebSocketConnection connection, String text) {
        LiveSession session = sessions.get(connection.id());
        if (session != null && text != null && text.contains("ping")) {
            session.sendRaw(PONG);
        }
    }

    void closed(WebSocketConnection connection) {
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
     * The subject's tokens were revoked (on any replica: a refresh token presented twice signs a member out; an
     * admin disables a console account or changes its role): their sockets here close with 1008, and reconnecting
     * needs a token issued after the revocation.
     */
    void revoked(@Observes SubjectRevoked event) {
        for (LiveSession s : sessions.ofSubject(event.subject())) {
            LOG.debugf("closing live socket %s of %s: signed out", s.connection.id(), event.subject());
            close(s, signedOut());
        }
    }

    private static CloseReason signedOut() {
        return new CloseReason(1008, "signed out; log in again");
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
}
