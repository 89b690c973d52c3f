package dev.zhijia.notify;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/**
 * One open socket (a member's or a console account's). Until the missed events are replayed, live events are held back, so the
 * client sees every event once and in stream order even while the replay and the live feed overlap.
 */
final class LiveSession {

    private static final Logger LOG = Logger.getLogger(LiveSession.class);

    private static final String READY = "{\"type\":\"ready\"}";

    final WebSocketConnection connection;
    final LiveRecipient recipient;
    private String lastSentId;
    private List<LiveEvent> held = new ArrayList<>();

    LiveSession(WebSocketConnection connection, LiveRecipient recipient, String lastEventId) {
        this.connection = connection;
        this.recipient = recipient;
        this.lastSentId = lastEventId;
    }

    /** From the feed: sent at once, or held while the replay runs. */
    synchronized void offer(LiveEvent e) {
        if (!recipient.wants(e)) {
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
            if (recipient.wants(e)) {
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
                        failure ->
                                LOG.debugf("live frame to %s not sent: %s", recipient.subject(), failure.getMessage()));
    }

    private void send(LiveEvent e) {
        if (lastSentId != null && LiveEvent.compare(e.id(), lastSentId) <= 0) {
            return;
        }
        lastSentId = e.id();
        sendRaw(e.frame());
    }
}
