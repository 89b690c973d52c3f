package dev.zhijia.booking;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Masking;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Per service and slot: seats booked, verified, no-shows, cancellations; and who booked a slot (masked). */
@ApplicationScoped
public class BookingFigures {

    @RegisterForReflection
    public record SlotFigures(
            long slotId,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            int capacity,
            long booked,
            long verified,
            long noShows,
            long cancellations) {}

    @RegisterForReflection
    public record ServiceFigures(
            long serviceId,
            String title,
            BookableService.Kind kind,
            String orgId,
            long booked,
            long verified,
            long noShows,
            long cancellations,
            List<SlotFigures> slots) {}

    @RegisterForReflection
    public record SlotBooking(
            long bookingId, String memberName, String status, OffsetDateTime createdAt, OffsetDateTime verifiedAt) {}

    @RegisterForReflection
    public record SlotBookings(List<SlotBooking> items) {}

    private final EntityManager em;
    private final Services services;
    private final ShiftableClock clock;

    BookingFigures(EntityManager em, Services services, ShiftableClock clock) {
        this.em = em;
        this.services = services;
        this.clock = clock;
    }

    /** {@code booked}: seats taken (booked, verified or no-show); a moved booking counts in its new slot. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ServiceFigures of(Scope scope, long serviceId) {
        BookableService s = services.find(scope, serviceId);
        List<Object[]> rows = em.createNativeQuery("SELECT s.id, s.starts_at, s.ends_at, s.capacity,"
                        + " COALESCE(SUM(b.status <> 'CANCELLED'), 0), COALESCE(SUM(b.status = 'VERIFIED'), 0),"
                        + " COALESCE(SUM(b.status = 'NO_SHOW'), 0), COALESCE(SUM(b.status = 'CANCELLED'), 0)"
                        + " FROM booking_slot s LEFT JOIN booking b ON b.slot_id = s.id WHERE s.service_id = ?1"
                        + " GROUP BY s.id, s.starts_at, s.ends_at, s.capacity ORDER BY s.starts_at")
                .setParameter(1, serviceId)
                .getResultList();
        List<SlotFigures> slots = rows.stream()
                .map(r -> new SlotFigures(
                        ((Number) r[0]).longValue(),
                        clock.at(SqlTimes.instant(r[1])),
                        clock.at(SqlTimes.instant(r[2])),
                        ((Number) r[3]).intValue(),
                        ((Number) r[4]).longValue(),
                        ((Number) r[5]).longValue(),
                        ((Number) r[6]).longValue(),
                        ((Number) r[7]).longValue()))
                .toList();
        return new ServiceFigures(
                s.id,
                s.title,
                s.kind,
                s.orgId,
                slots.stream().mapToLong(SlotFigures::booked).sum(),
                slots.stream().mapToLong(SlotFigures::verified).sum(),
                slots.stream().mapToLong(SlotFigures::noShows).sum(),
                slots.stream().mapToLong(SlotFigures::cancellations).sum(),
                slots);
    }

    /** Everyone who booked a slot, in booking order, names masked. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SlotBookings slot(Scope scope, long serviceId, long slotId) {
        services.find(scope, serviceId);
        Slot slot = Slot.findById(slotId);
        if (slot == null || slot.serviceId != serviceId) {
            throw Bookings.slotNotFound();
        }
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT b.id, r.name, b.status, b.created_at, b.verified_at FROM booking b"
                                + " JOIN member m ON m.id = b.member_id LEFT JOIN roster_entry r ON r.id = m.roster_id WHERE b.slot_id = ?1 ORDER BY b.id LIMIT 5000")
                .setParameter(1, slotId)
                .getResultList();
        return new SlotBookings(rows.stream()
                .map(r -> new SlotBooking(
                        ((Number) r[0]).longValue(),
                        Masking.name((String) r[1]),
                        (String) r[2],
                        clock.at(SqlTimes.instant(r[3])),
                        clock.at(SqlTimes.instant(r[4]))))
                .toList());
    }
}
