package dev.zhijia.booking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.notify.Notices;
import dev.zhijia.wechat.SubscribeTemplates;
import dev.zhijia.wechat.Subscriptions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * What happens to bookings as time passes, on every replica: after a slot ends its unverified bookings
 * become NO_SHOW (the slot row's guarded {@code no_shows_marked_at} lets exactly one replica do it), and
 * too many no-shows suspend the member; the day before a slot, its members get a reminder in their
 * inbox and, where they opted in to the BOOKING template, as a subscribe message through wechat/'s queue
 * (each booking's guarded {@code reminded_at}: once per slot booked).
 */
@ApplicationScoped
public class BookingSweeper {

    private static final Logger LOG = Logger.getLogger(BookingSweeper.class);
    private static final int BATCH = 200;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private record Missed(long bookingId, long memberId, long serviceId, long slotId, String title) {}

    private record Suspended(long memberId, Instant until) {}

    private final EntityManager em;
    private final BookingGate gate;
    private final BookingConfig config;
    private final Notices notices;
    private final ShiftableClock clock;
    private final Subscriptions subscriptions;

    BookingSweeper(
            EntityManager em,
            BookingGate gate,
            BookingConfig config,
            Notices notices,
            ShiftableClock clock,
            Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.em = em;
        this.gate = gate;
        this.config = config;
        this.notices = notices;
        this.clock = clock;
    }

    @Scheduled(
            every = "${zhijia.bookings.sweep-every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            markNoShows();
            remind();
        } catch (RuntimeException e) {
            LOG.warnf("booking sweep failed (the next one retries): %s", e.getMessage());
        }
    }

    /** Marks the no-shows of every slot that has ended; returns the bookings marked by this replica. */
    public int markNoShows() {
        Instant now = clock.instant();
        List<Long> ended = QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery(
                                "select s.id from Slot s where s.noShowsMarkedAt is null and s.endsAt <= ?1 order by s.endsAt",
                                Long.class)
                        .setParameter(1, now)
                        .setMaxResults(BATCH)
                        .getResultList());
        int marked = 0;
        for (Long slotId : ended) {
            marked += markSlot(slotId, now);
        }
        return marked;
    }

    private int markSlot(long slotId, Instant now) {
        List<Missed> missed = new ArrayList<>();
        List<Suspended> suspended = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            if (em.createNativeQuery(
                                    "UPDATE booking_slot SET no_shows_marked_at = ?1 WHERE id = ?2 AND no_shows_marked_at IS NULL AND ends_at <= ?1")
                            .setParameter(1, now)
                            .setParameter(2, slotId)
                            .executeUpdate()
                    == 0) {
                return; // another replica has it
            }
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT b.id, b.member_id, b.service_id, v.title FROM booking b"
                                    + " JOIN booking_service v ON v.id = b.service_id WHERE b.slot_id = ?1 AND b.status = 'BOOKED' FOR UPDATE")
                    .setParameter(1, slotId)
                    .getResultList();
            em.createNativeQuery(
                            "UPDATE booking b JOIN booking_slot s ON s.id = b.slot_id SET b.status = 'NO_SHOW', b.live_member_id = NULL,"
                                    + " b.live_code = NULL, b.no_show_at = s.ends_at WHERE b.slot_id = ?1 AND b.status = 'BOOKED'")
                    .setParameter(1, slotId)
                    .executeUpdate();
            Instant windowStart = now.minus(config.noShowWindow());
            Instant until = now.plus(config.suspension());
            for (Object[] r : rows) {
                Missed m = new Missed(
                        ((Number) r[0]).longValue(),
                        ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue(),
                        slotId,
                        (String) r[3]);
                missed.add(m);
                long count = ((Number) em.createNativeQuery(
                                        "SELECT COUNT(*) FROM booking WHERE member_id = ?1 AND status = 'NO_SHOW' AND no_show_at > ?2")
                                .setParameter(1, m.memberId())
                                .setParameter(2, windowStart)
                                .getSingleResult())
                        .longValue();
                boolean suspend = count >= config.noShowsToSuspend();
                if (suspend) {
                    em.createNativeQuery(
                                    "INSERT INTO booking_suspension (member_id, until, created_at) VALUES (?1, ?2, ?3)"
                                            + " ON DUPLICATE KEY UPDATE until = GREATEST(until, VALUES(until))")
                            .setParameter(1, m.memberId())
                            .setParameter(2, until)
                            .setParameter(3, now)
                            .executeUpdate();
                    suspended.add(new Suspended(m.memberId(), until));
                }
                notices.tell(
                        m.memberId(),
                        new Notices.Message(
                                "BOOKING_NO_SHOW",
                                "预约未到：" + m.title(),
                                suspend
                                        ? "您在 " + config.noShowWindow().toDays() + " 天内已有 " + count + " 次预约未到，"
                                                + clock.at(until).toLocalDate() + " 前不能预约。"
                                        : "您预约的时段已结束且未核销，记为未到。多次未到将暂停预约资格。",
                                m.bookingId()));
            }
        });
        for (Missed m : missed) {
            try {
                gate.forget(m.serviceId(), m.memberId(), m.bookingId(), m.slotId());
            } catch (RuntimeException e) {
                LOG.warnf("no-show %d not cleared in Redis: %s", m.bookingId(), e.getMessage());
            }
        }
        for (Suspended s : suspended) {
            gate.suspend(s.memberId(), s.until().toEpochMilli());
        }
        return missed.size();
    }

    /** Reminds the members of tomorrow's slots (service-zone days); returns the reminders this replica sent. */
    public int remind() {
        LocalDate tomorrow = clock.today().plusDays(1);
        List<Object[]> due = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "SELECT b.id, b.member_id, v.title, s.starts_at"
                                        + " FROM booking b JOIN booking_slot s ON s.id = b.slot_id JOIN booking_service v ON v.id = b.service_id"
                                        + " WHERE b.status = 'BOOKED' AND b.reminded_at IS NULL AND s.starts_at >= ?1 AND s.starts_at < ?2 ORDER BY b.id LIMIT 1000")
                        .setParameter(1, clock.startOf(tomorrow))
                        .setParameter(2, clock.startOf(tomorrow.plusDays(1)))
                        .getResultList());
        int sent = 0;
        for (Object[] r : due) {
            long bookingId = ((Number) r[0]).longValue();
            long memberId = ((Number) r[1]).longValue();
            String title = (String) r[2];
            Instant startsAt = SqlTimes.instant(r[3]);
            boolean mine = QuarkusTransaction.requiringNew().call(() -> {
                if (em.createNativeQuery(
                                        "UPDATE booking SET reminded_at = ?1 WHERE id = ?2 AND reminded_at IS NULL AND status = 'BOOKED'")
                                .setParameter(1, clock.instant())
                                .setParameter(2, bookingId)
                                .executeUpdate()
                        == 0) {
                    return false;
                }
                notices.tell(
                        memberId,
                        new Notices.Message(
                                "BOOKING_REMINDER",
                                "明天的预约：" + title,
                                "时间 " + clock.at(startsAt).format(WHEN) + "，请按时到场出示预约码。",
                                bookingId));
                // and through the chat platform, where the member opted in to the BOOKING template
                subscriptions.queue(SubscribeTemplates.BOOKING, bookingId, memberId, title, startsAt);
                return true;
            });
            if (mine) {
                sent++;
            }
        }
        return sent;
    }
}
