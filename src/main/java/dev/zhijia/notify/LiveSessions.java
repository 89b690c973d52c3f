package dev.zhijia.notify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.Caller;

/**
 * The sockets open on this replica, members' and console accounts' alike. Sockets are the one thing a replica may
 * hold alone: every replica reads every event from the shared stream and offers it to its own sockets.
 */
@ApplicationScoped
class LiveSessions {

    private final Map<String, LiveSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<LiveSession>> bySubject = new ConcurrentHashMap<>();

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
        bySubject
                .computeIfAbsent(s.recipient.subject(), k -> ConcurrentHashMap.newKeySet())
                .add(s);
    }

    LiveSession remove(String connectionId) {
        LiveSession s = byConnection.remove(connectionId);
        if (s != null) {
            bySubject.computeIfPresent(s.recipient.subject(), (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
        return s;
    }

    LiveSession get(String connectionId) {
        return byConnection.get(connectionId);
    }

    /** An event for one subject goes to that subject's sockets; the others (audiences, admins) are offered to all. */
    void dispatch(LiveEvent e) {
        String subject = e.memberId() != null
                ? Caller.memberSubject(e.memberId())
                : e.staffId() != null ? Caller.staffSubject(e.staffId()) : null;
        if (subject != null) {
            Set<LiveSession> mine = bySubject.get(subject);
            if (mine != null) {
                mine.forEach(s -> s.offer(e));
            }
        } else {
            byConnection.values().forEach(s -> s.offer(e));
        }
    }

    /** The sockets of {@code member:<id>} or {@code staff:<id>} on this replica (a copy). */
    Set<LiveSession> ofSubject(String subject) {
        Set<LiveSession> mine = bySubject.get(subject);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    int size() {
        return byConnection.size();
    }

    Iterable<LiveSession> all() {
        return byConnection.values();
    }
}
