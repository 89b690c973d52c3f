package dev.zhijia.notify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sockets open on this replica. Sockets are the one thing a replica may hold alone: every
 * replica reads every event from the shared stream and offers it to its own sockets.
 */
@ApplicationScoped
class LiveSessions {

    private final Map<String, LiveSession> byConnection = new ConcurrentHashMap<>();
    private final Map<Long, Set<LiveSession>> byMember = new ConcurrentHashMap<>();

    private volatile boolean draining;

    /** This replica is shutting down: no new sockets. */
    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    void add(LiveSession s) {
        byConnection.put(s.connection.id(), s);
        byMember.computeIfAbsent(s.memberId, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    LiveSession remove(String connectionId) {
        LiveSession s = byConnection.remove(connectionId);
        if (s != null) {
            byMember.computeIfPresent(s.memberId, (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
        return s;
    }

    LiveSession get(String connectionId) {
        return byConnection.get(connectionId);
    }

    void dispatch(LiveEvent e) {
        if (e.memberId() != null) {
            Set<LiveSession> mine = byMember.get(e.memberId());
            if (mine != null) {
                mine.forEach(s -> s.offer(e));
            }
        } else {
            byConnection.values().forEach(s -> s.offer(e));
        }
    }

    /** This member's sockets on this replica (a copy). */
    Set<LiveSession> ofMember(long memberId) {
        Set<LiveSession> mine = byMember.get(memberId);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    int size() {
        return byConnection.size();
    }

    Iterable<LiveSession> all() {
        return byConnection.values();
    }
}
