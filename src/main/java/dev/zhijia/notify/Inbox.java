package dev.zhijia.notify;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A member's inbox: lottery results, water prizes, waitlist promotions, and campaigns (which the campaign
 * fan-out writes in bulk). Features add entries through {@link Notices}, which also pushes them live.
 */
@ApplicationScoped
public class Inbox {

    @RegisterForReflection
    public record Message(
            long id, String kind, String title, String body, Long refId, boolean read, OffsetDateTime createdAt) {}

    @RegisterForReflection
    public record Listing(List<Message> items, String nextCursor, long unread) {}

    private final EntityManager em;
    private final ShiftableClock clock;

    Inbox(EntityManager em, ShiftableClock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(long memberId, int limit, long before) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, kind, title, body, ref_id, read_at, created_at FROM inbox_message"
                                + " WHERE member_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3")
                .setParameter(1, memberId)
                .setParameter(2, before)
                .setParameter(3, limit + 1)
                .getResultList();
        List<Message> messages = rows.stream()
                .map(r -> new Message(
                        ((Number) r[0]).longValue(),
                        (String) r[1],
                        (String) r[2],
                        (String) r[3],
                        r[4] == null ? null : ((Number) r[4]).longValue(),
                        r[5] != null,
                        clock.at(SqlTimes.instant(r[6]))))
                .toList();
        Page<Message> page = Page.of(messages, limit, Message::id);
        Number unread = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM inbox_message WHERE member_id = ?1 AND read_at IS NULL")
                        .setParameter(1, memberId)
                        .getSingleResult();
        return new Listing(page.items(), page.nextCursor(), unread.longValue());
    }

    /** Adds a message to a member's inbox, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliver(long memberId, String kind, String title, String body, Long refId) {
        em.createNativeQuery(
                        "INSERT INTO inbox_message (member_id, kind, title, body, ref_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, memberId)
                .setParameter(2, kind)
                .setParameter(3, title)
                .setParameter(4, body)
                .setParameter(5, refId)
                .setParameter(6, clock.instant())
                .executeUpdate();
    }

    /** The same message to many members in one multi-row INSERT, in the caller's transaction (a lottery draw's chunk). */
    public void deliverAll(List<Long> memberIds, String kind, String title, String body, Long refId) {
        if (memberIds.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO inbox_message (member_id, kind, title, body, ref_id, created_at) VALUES ");
        for (int i = 0; i < memberIds.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?").append(i + 6).append(", ?1, ?2, ?3, ?4, ?5)");
        }
        var q = em.createNativeQuery(sql.toString())
                .setParameter(1, kind)
                .setParameter(2, title)
                .setParameter(3, body)
                .setParameter(4, refId)
                .setParameter(5, clock.instant());
        for (int i = 0; i < memberIds.size(); i++) {
            q.setParameter(i + 6, memberIds.get(i));
        }
        q.executeUpdate();
    }

    @Transactional
    public void markRead(long memberId, long messageId) {
        int n = em.createNativeQuery(
                        "UPDATE inbox_message SET read_at = COALESCE(read_at, ?1) WHERE id = ?2 AND member_id = ?3")
                .setParameter(1, clock.instant())
                .setParameter(2, messageId)
                .setParameter(3, memberId)
                .executeUpdate();
        if (n == 0) {
            throw ProblemException.notFound(NotifyErrors.MESSAGE_NOT_FOUND, "No such message in your inbox");
        }
    }
}
