package dev.zhijia.booking;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.SqlTimes;
import dev.zhijia.stats.Rollups;

/** The SQL of bookings: the guarded writes that keep "never overbook" and "one live booking per member" true in MySQL itself. */
@ApplicationScoped
public class BookingStore {

    private final EntityManager em;
    private final Rollups rollups;

    BookingStore(EntityManager em, Rollups rollups) {
        this.em = em;
        this.rollups = rollups;
    }

    /**
     * Takes a seat of a released slot of this service that has not started yet; false: full (or not
     * bookable now) as far as the truth is concerned, whatever Redis said.
     */
    boolean takeSeat(long serviceId, long slotId, Instant now) {
        return em.createNativeQuery(
                                "UPDATE booking_slot SET booked = booked + 1 WHERE id = ?1 AND service_id = ?2 AND booked < capacity"
                                        + " AND starts_at > ?3 AND EXISTS (SELECT 1 FROM booking_service v WHERE v.id = ?2 AND v.release_at <= ?3)")
                        .setParameter(1, slotId)
                        .setParameter(2, serviceId)
                        .setParameter(3, now)
                        .executeUpdate()
                == 1;
    }

    void returnSeat(long slotId) {
        em.createNativeQuery("UPDATE booking_slot SET booked = booked - 1 WHERE id = ?1 AND booked > 0")
                .setParameter(1, slotId)
                .executeUpdate();
    }

    Booking insert(long serviceId, long slotId, long memberId, String code, Instant now) {
        Booking b = new Booking();
        b.serviceId = serviceId;
        b.slotId = slotId;
        b.memberId = memberId;
        b.liveMemberId = memberId;
        b.code = code;
        b.liveCode = code;
        b.status = Booking.Status.BOOKED;
        b.createdAt = now;
        b.persistAndFlush();
        rollups.booked(serviceId, now, 1);
        return b;
    }

    Optional<Booking> live(long serviceId, long memberId) {
        return Booking.find("serviceId = ?1 and liveMemberId = ?2", serviceId, memberId)
                .firstResultOptional();
    }

    /** BOOKED → CANCELLED once; false if it was no longer BOOKED. */
    boolean cancel(long bookingId, Instant now) {
        return Booking.update(
                        "status = ?1, liveMemberId = null, liveCode = null, cancelledAt = ?2 where id = ?3 and status = ?4",
                        Booking.Status.CANCELLED,
                        now,
                        bookingId,
                        Booking.Status.BOOKED)
                == 1;
    }

    /**
     * The day a cancelled booking was made counts one booking fewer. Last in the cancelling transaction,
     * after the seat went back (the booking path locks the slot before the rollup row too).
     */
    void uncount(Booking cancelled) {
        rollups.booked(cancelled.serviceId, cancelled.createdAt, -1);
    }

    /** Moves a BOOKED booking from one slot to another once; false if it was no longer BOOKED in {@code from}. */
    boolean move(long bookingId, long from, long to, Instant now) {
        return Booking.update(
                        "slotId = ?1, movedAt = ?2, remindedAt = null where id = ?3 and slotId = ?4 and status = ?5",
                        to,
                        now,
                        bookingId,
                        from,
                        Booking.Status.BOOKED)
                == 1;
    }

    /** BOOKED → VERIFIED once; false if it was no longer BOOKED. */
    boolean verify(long bookingId, long staffId, long stationId, Instant now) {
        return Booking.update(
                        "status = ?1, liveMemberId = null, liveCode = null, verifiedAt = ?2, verifiedBy = ?3, verifiedStation = ?4"
                                + " where id = ?5 and status = ?6",
                        Booking.Status.VERIFIED,
                        now,
                        staffId,
                        stationId,
                        bookingId,
                        Booking.Status.BOOKED)
                == 1;
    }

    /** The most recent booking that was given this code (codes are reused only after the earlier booking ended). */
    Optional<Booking> byCode(String code) {
        return Booking.find("code = ?1 order by id desc", code).firstResultOptional();
    }

    /** member → {@code B:<booking>:<slot>} of every live booking of a service: what Redis is rebuilt from. */
    Map<Long, String> liveEntries(long serviceId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT member_id, id, slot_id FROM booking WHERE service_id = ?1 AND live_member_id IS NOT NULL")
                .setParameter(1, serviceId)
                .getResultList();
        Map<Long, String> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put(
                    ((Number) r[0]).longValue(),
                    BookingGate.entry(((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
        }
        return out;
    }

    /** slot → {capacity − booked, start (epoch ms)} for every slot of a service. */
    Map<Long, long[]> seats(long serviceId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, capacity - booked, starts_at FROM booking_slot WHERE service_id = ?1")
                .setParameter(1, serviceId)
                .getResultList();
        Map<Long, long[]> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put(((Number) r[0]).longValue(), new long[] {
                ((Number) r[1]).longValue(), SqlTimes.instant(r[2]).toEpochMilli()
            });
        }
        return out;
    }

    /** Until when the member may not book, if that is still ahead. */
    Optional<Instant> suspendedUntil(long memberId, Instant now) {
        List<?> rows = em.createNativeQuery("SELECT until FROM booking_suspension WHERE member_id = ?1 AND until > ?2")
                .setParameter(1, memberId)
                .setParameter(2, now)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(SqlTimes.instant(rows.get(0)));
    }

    /** member → until of every suspension still running. */
    Map<Long, Long> suspensions(Instant now) {
        List<Object[]> rows = em.createNativeQuery("SELECT member_id, until FROM booking_suspension WHERE until > ?1")
                .setParameter(1, now)
                .getResultList();
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put(((Number) r[0]).longValue(), SqlTimes.instant(r[1]).toEpochMilli());
        }
        return out;
    }
}
