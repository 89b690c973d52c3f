package dev.zhijia.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

import dev.zhijia.common.Caller;
import dev.zhijia.org.Orgs;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /console/live}: a caseworker's or an admin's live events, exactly like {@code /me/live} (same handshake,
 * token forms, resume, resync, pings; {@link LiveEndpoint}): a caseworker hears of the cases assigned to them, an
 * admin of new and overdue cases in their subtree. Station staff are refused (403). A disabled account's sockets
 * close with 1008 on every replica, as do those of an account whose role changed (its tokens are revoked; the
 * client reconnects with the refreshed one).
 */
@WebSocket(path = ConsoleLiveSocket.PATH)
@RolesAllowed({Caller.CASEWORKER, Caller.ADMIN})
public class ConsoleLiveSocket {

    static final String PATH = "/api/v1/console/live";

    @Inject
    SecurityIdentity identity;

    @Inject
    LiveEndpoint endpoint;

    @Inject
    Orgs orgs;

    @OnOpen
    void open(WebSocketConnection connection) {
        long staffId = LiveSocket.id(identity, Caller.STAFF);
        // an admin's own org, read now (accounts do not move between orgs); the events carry their org's ancestors
        String adminOrg = identity.hasRole(Caller.ADMIN) ? orgs.orgOfStaff(staffId) : null;
        endpoint.open(connection, new LiveRecipient.Console(staffId, adminOrg), LiveSocket.token(identity));
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        endpoint.message(connection, text);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        endpoint.closed(connection);
    }
}
