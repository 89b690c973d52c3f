package dev.zhijia.notify;

import java.util.ArrayList;
import java.util.List;

import dev.zhijia.member.Eligibility;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/**
 * One member's open socket. Until the missed events are replayed, live events are held back, so the
 * client sees every event once and in stream order even while the replay and the live feed overlap.
 */
final class LiveSession {

    private static final Logger LOG = Logger.getLogger(LiveSession.class);

    private static final String READY = "{\"type\":\"ready\"}";

    final WebSocketConnection connection;
    final long memberId;
    final Eligibility.Profile profile;
    private String lastSentId;
    private List<LiveEvent> held = new ArrayList<>();

    LiveSession(WebSocketConnection connection, long memberId, Eligibility.Profile profile, String lastEventId) {
        this.connection = connection;
        this.memberId = memberId;
        this.profile = profile;
        this.lastSentId = lastEventId;
    }

    /** From the feed: sent at once, or held while the replay runs. */
    synchronized void offer(LiveEvent e) {
        if (!e.isFor(memberId, profile)) {
            return;
        }
        if (held != null) {
            held.add(e);
        } else {
            send(e);
        }
    }

    /**
     * Sends what the client missed, then {@code {"type":"ready"}} (everything before it was replay, everything
     * after is live), then what arrived meanwhile, and goes live.
     */
    synchronized void replayed(List<LiveEvent> missed) {
        for (LiveEvent e : missed) {
            if (e.isFor(memberId, profile)) {
                send(e);
            }
        }
        sendRaw(READY);
        for (LiveEvent e : held) {
            send(e);
        }
        held = null;
    }

    synchronized void sendRaw(String frame) {
        connection
                .sendText(frame)
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.debugf("live frame to member %d not sent: %s", memberId, failure.getMessage()));
    }

    private void send(LiveEvent e) {
        if (lastSentId != null && LiveEvent.compare(e.id(), lastSentId) <= 0) {
            return;
        }
        lastSentId = e.id();
        sendRaw(e.frame());
    }
}
