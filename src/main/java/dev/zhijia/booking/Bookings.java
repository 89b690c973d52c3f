package dev.zhijia.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.benefit.BenefitErrors;
import dev.zhijia.common.DatabaseOutage;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Eligibility;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * A member's bookings. Redis decides who gets a seat (BookingGate); MySQL records it before the member
 * hears "201"; every failure after the reservation gives the seat back. Moves and cancellations are
 * MySQL transactions first, then Redis is told.
 */
@ApplicationScoped
public class Bookings {

    private static final Logger LOG = Logger.getLogger(Bookings.class);
    private static final int CODE_ATTEMPTS = 3;

    @RegisterForReflection
    public record Booked(
            long bookingId,
            long serviceId,
            long slotId,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            String code,
            String status) {}

    @RegisterForReflection
    public record Mine(
            long bookingId,
            long serviceId,
            String title,
            BookableService.Kind kind,
            long slotId,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            String code,
            String status,
            OffsetDateTime cancelBefore) {}

    private final BookingGate gate;
    private final BookingStore store;
    private final BookingCodes codes;
    private final BookingLoader loader;
    private final Eligibility eligibility;
    private final ShiftableClock clock;

    Bookings(
            BookingGate gate,
            BookingStore store,
            BookingCodes codes,
            BookingLoader loader,
            Eligibility eligibility,
            ShiftableClock clock) {
        this.gate = gate;
        this.store = store;
        this.codes = codes;
        this.loader = loader;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    /** Blocking: for callers already on a worker thread (the Idempotency-Key path). */
    public Booked book(long memberId, long serviceId, long slotId) {
        Eligibility.Profile profile = eligibility.of(memberId).requireVerified();
        Instant now = clock.instant();
        requireNotSuspended(gate.suspendedUntilAsync(memberId).await().indefinitely(), now);
        return settle(
                gate.tryReserve(serviceId, slotId, memberId, now.toEpochMilli(), profile),
                memberId,
                serviceId,
                slotId,
                profile,
                now);
    }

    /**
     * A tap in a release burst: the Redis decisions are made without blocking a thread, so rejections
     * (full, already booked, not open) never leave the event loop; only a reservation moves to a worker for MySQL.
     */
    public Uni<Booked> bookAsync(long memberId, long serviceId, long slotId) {
        return Uni.combine()
                .all()
                .unis(eligibility.ofAsync(memberId), gate.suspendedUntilAsync(memberId))
                .asTuple()
                .flatMap(t -> {
                    Eligibility.Profile profile = t.getItem1().requireVerified();
                    Instant now = clock.instant();
                    requireNotSuspended(t.getItem2(), now);
                    return gate.tryReserveAsync(serviceId, slotId, memberId, now.toEpochMilli(), profile)
                            .flatMap(d -> {
                                if (d.outcome() == BookingGate.Outcome.RESERVED
                                        || d.outcome() == BookingGate.Outcome.NOT_LOADED
                                        || d.outcome() == BookingGate.Outcome.NO_SLOT) {
                                    return Uni.createFrom()
                                            .item(() -> settle(d, memberId, serviceId, slotId, profile, now))
                                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                                }
                                return Uni.createFrom().failure(rejection(d));
                            });
                });
    }

    /** After the gate's decision (blocking): restore what Redis lacks and decide again, record a reservation, or refuse. */
    private Booked settle(
            BookingGate.Decision first,
            long memberId,
            long serviceId,
            long slotId,
            Eligibility.Profile profile,
            Instant now) {
        BookingGate.Decision d = first;
        if (d.outcome() == BookingGate.Outcome.NOT_LOADED) {
            loader.ensureLoaded(serviceId);
            d = gate.tryReserve(serviceId, slotId, memberId, now.toEpochMilli(), profile);
        }
        if (d.outcome() == BookingGate.Outcome.NO_SLOT && restoreSlot(serviceId, slotId)) {
            d = gate.tryReserve(serviceId, slotId, memberId, now.toEpochMilli(), profile);
        }
        if (d.outcome() == BookingGate.Outcome.RESERVED) {
            return record(serviceId, slotId, memberId, d.reservation(), now);
        }
        throw rejection(d);
    }

    /** A slot MySQL has and Redis lacks (its addition was not mirrored): put it in; false if there is no such slot. */
    private boolean restoreSlot(long serviceId, long slotId) {
        Slot slot = QuarkusTransaction.requiringNew().call(() -> Slot.<Slot>findById(slotId));
        if (slot == null || slot.serviceId != serviceId) {
            return false;
        }
        gate.addSlots(
                serviceId,
                List.<long[]>of(new long[] {slot.id, slot.capacity - slot.booked, slot.startsAt.toEpochMilli()}));
        return true;
    }

    private static ProblemException rejection(BookingGate.Decision d) {
        return switch (d.outcome()) {
            case NO_SLOT -> slotNotFound();
            case NOT_OPEN ->
                ProblemException.conflict(
                        BookingErrors.BOOKING_NOT_OPEN, "Seats of this service have not been released yet");
            case PAST -> slotPast();
            case NOT_ELIGIBLE ->
                ProblemException.forbidden(BenefitErrors.NOT_ELIGIBLE, "This service is for other groups of members");
            case DUPLICATE -> alreadyBooked(d.existing());
            case FULL -> slotFull();
            default -> busy();
        };
    }

    private void requireNotSuspended(long untilMillis, Instant now) {
        if (untilMillis > now.toEpochMilli()) {
            throw suspended(Instant.ofEpochMilli(untilMillis));
        }
    }

    /** The reservation is ours: make it a MySQL row, or give it back. */
    private Booked record(long serviceId, long slotId, long memberId, String reservation, Instant now) {
        Booked booking;
        try {
            booking = commit(serviceId, slotId, memberId, now);
        } catch (ProblemException e) {
            gate.release(serviceId, memberId, reservation, slotId);
            throw e;
        } catch (RuntimeException e) {
            gate.release(serviceId, memberId, reservation, slotId);
            DatabaseOutage.rethrowIfDown(e);
            LOG.errorf(e, "booking of slot %d by member %d not recorded", slotId, memberId);
            throw ProblemException.unavailable(
                    BookingErrors.BOOKING_NOT_RECORDED,
                    "Your booking could not be recorded; nothing was taken, try again");
        }
        try {
            gate.confirm(serviceId, memberId, reservation, booking.bookingId(), slotId);
        } catch (RuntimeException e) {
            // MySQL has the booking; the reconciler marks it in Redis.
            LOG.warnf("booking %d committed but not confirmed in Redis: %s", booking.bookingId(), e.getMessage());
        }
        return booking;
    }

    /** One short transaction per seat, which also reads what the answer shows (one connection per winner). */
    private Booked commit(long serviceId, long slotId, long memberId, Instant now) {
        for (int attempt = 1; ; attempt++) {
            String code = codes.next();
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    store.suspendedUntil(memberId, now).ifPresent(until -> {
                        throw suspended(until);
                    });
                    // the slot row first: the booking's foreign key then reads a row this transaction already holds
                    if (!store.takeSeat(serviceId, slotId, now)) {
                        throw slotFull();
                    }
                    return booked(store.insert(serviceId, slotId, memberId, code, now), Slot.findById(slotId));
                });
            } catch (ConstraintViolationException e) {
                if (isCodeCollision(e) && attempt < CODE_ATTEMPTS) {
                    continue;
                }
                if (isCodeCollision(e)) {
                    throw e;
                }
                throw alreadyBooked(QuarkusTransaction.requiringNew()
                        .call(() -> store.live(serviceId, memberId))
                        .map(b -> BookingGate.entry(b.id, b.slotId))
                        .orElse(null));
            }
        }
    }

    /**
     * Moves the owner's booking to another slot of the same service in one transaction: the new seat is
     * taken and the old one given back together, or nothing changes (a full new slot keeps the old seat).
     */
    public Booked move(long memberId, long bookingId, long toSlotId) {
        Instant now = clock.instant();
        long serviceId = serviceOf(memberId, bookingId);
        gate.inFlight(serviceId, memberId, now.toEpochMilli());
        long[] fromTo;
        try {
            fromTo = QuarkusTransaction.requiringNew().call(() -> moveInMySql(memberId, bookingId, toSlotId, now));
        } catch (RuntimeException e) {
            gate.settled(serviceId, memberId);
            throw e;
        }
        if (fromTo == null) {
            gate.settled(serviceId, memberId);
        } else {
            try {
                gate.moved(fromTo[0], memberId, bookingId, fromTo[1], fromTo[2]);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "booking %d moved; Redis not told (the reconciler re-derives the seats): %s",
                        bookingId, e.getMessage());
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Booking b = Booking.findById(bookingId);
            return booked(b, Slot.findById(b.slotId));
        });
    }

    /** The owner gives the seat back, until the service's cancellation deadline; the seat returns exactly once. */
    public void cancel(long memberId, long bookingId) {
        long serviceId = serviceOf(memberId, bookingId);
        gate.inFlight(serviceId, memberId, clock.instant().toEpochMilli());
        Booking cancelled;
        try {
            cancelled = QuarkusTransaction.requiringNew().call(() -> cancelInMySql(memberId, bookingId));
        } catch (RuntimeException e) {
            gate.settled(serviceId, memberId);
            throw e;
        }
        if (cancelled == null
                || !gate.release(
                        serviceId, memberId, BookingGate.entry(bookingId, cancelled.slotId), cancelled.slotId)) {
            gate.settled(serviceId, memberId);
            if (cancelled != null) {
                LOG.infof(
                        "booking %d cancelled; Redis entry differed, the reconciler will settle the seats", bookingId);
            }
        }
    }

    /** {service, from, to} of the move made, or null when the booking is already in that slot. */
    private long[] moveInMySql(long memberId, long bookingId, long toSlotId, Instant now) {
        Booking b = owned(memberId, bookingId);
        requireBooked(b);
        if (b.slotId == toSlotId) {
            return null;
        }
        BookableService service = BookableService.findById(b.serviceId);
        Slot from = Slot.findById(b.slotId);
        requireBeforeDeadline(service, from, now);
        Slot to = Slot.findById(toSlotId);
        if (to == null || to.serviceId != b.serviceId) {
            throw slotNotFound();
        }
        if (!now.isBefore(to.startsAt)) {
            throw slotPast();
        }
        Long left = gate.remaining(b.serviceId, List.of(toSlotId)).get(toSlotId);
        if (left != null && left <= 0) {
            throw slotFull(); // Redis says so: no MySQL write
        }
        if (!store.takeSeat(b.serviceId, toSlotId, now)) {
            throw slotFull();
        }
        store.move(b.id, from.id, toSlotId, now);
        store.returnSeat(from.id);
        return new long[] {b.serviceId, from.id, toSlotId};
    }

    /** The booking cancelled now, or null if it had been already. */
    private Booking cancelInMySql(long memberId, long bookingId) {
        Booking b = owned(memberId, bookingId);
        if (b.status == Booking.Status.CANCELLED) {
            return null; // already given back
        }
        requireBooked(b);
        requireBeforeDeadline(BookableService.findById(b.serviceId), Slot.findById(b.slotId), clock.instant());
        if (store.cancel(b.id, clock.instant())) {
            store.returnSeat(b.slotId);
            store.uncount(b);
        }
        return b;
    }

    /** The service of the member's booking (404 for anyone else's), read before the change so Redis can be told it is in flight. */
    private static long serviceOf(long memberId, long bookingId) {
        Booking b = QuarkusTransaction.requiringNew().call(() -> Booking.<Booking>findById(bookingId));
        if (b == null || b.memberId != memberId) {
            throw ProblemException.notFound(BookingErrors.BOOKING_NOT_FOUND, "No such booking of yours");
        }
        return b.serviceId;
    }

    /** Own bookings, soonest slot first. The cursor is a position in that order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Mine> mine(long memberId, int limit, long cursor) {
        int offset = cursor == Long.MAX_VALUE ? 0 : (int) Math.min(cursor, 100_000);
        List<Object[]> rows = Booking.getEntityManager()
                .createQuery(
                        "select b, s, v from Booking b, Slot s, BookableService v"
                                + " where s.id = b.slotId and v.id = b.serviceId and b.memberId = ?1 order by s.startsAt, b.id",
                        Object[].class)
                .setParameter(1, memberId)
                .setFirstResult(offset)
                .setMaxResults(limit + 1)
                .getResultList();
        List<Mine> items = rows.stream()
                .map(r -> {
                    Booking b = (Booking) r[0];
                    Slot s = (Slot) r[1];
                    BookableService v = (BookableService) r[2];
                    return new Mine(
                            b.id,
                            v.id,
                            v.title,
                            v.kind,
                            s.id,
                            clock.at(s.startsAt),
                            clock.at(s.endsAt),
                            b.status == Booking.Status.BOOKED ? b.code : null,
                            b.status.name(),
                            clock.at(deadline(v, s)));
                })
                .toList();
        return Page.of(items, limit, m -> offset + items.indexOf(m) + 1);
    }

    private Booked booked(Booking b, Slot s) {
        return new Booked(
                b.id,
                b.serviceId,
                s.id,
                clock.at(s.startsAt),
                clock.at(s.endsAt),
                b.status == Booking.Status.BOOKED ? b.code : null,
                b.status.name());
    }

    /** The member's booking, locked for the transaction; 404 for anyone else's. */
    private static Booking owned(long memberId, long bookingId) {
        Booking b = RowLocks.find(
                Booking.getEntityManager(), Booking.class, "booking", bookingId, LockModeType.PESSIMISTIC_WRITE);
        if (b == null || b.memberId != memberId) {
            throw ProblemException.notFound(BookingErrors.BOOKING_NOT_FOUND, "No such booking of yours");
        }
        return b;
    }

    private static void requireBooked(Booking b) {
        if (b.status != Booking.Status.BOOKED) {
            throw ProblemException.conflict(
                    BookingErrors.BOOKING_ENDED,
                    "This booking is " + b.status.name().toLowerCase() + " and cannot change");
        }
    }

    private void requireBeforeDeadline(BookableService service, Slot slot, Instant now) {
        if (now.isAfter(deadline(service, slot))) {
            throw ProblemException.conflict(
                    BookingErrors.CANCEL_TOO_LATE,
                    "Bookings can change only until " + clock.at(deadline(service, slot)));
        }
    }

    private static Instant deadline(BookableService service, Slot slot) {
        return slot.startsAt.minus(Duration.ofMinutes(service.cancelMinutesBefore));
    }

    private static boolean isCodeCollision(ConstraintViolationException e) {
        String name = e.getConstraintName() == null ? String.valueOf(e.getMessage()) : e.getConstraintName();
        return name.contains("uk_booking_live_code");
    }

    static ProblemException busy() {
        return ProblemException.unavailable(
                BookingErrors.BOOKING_BUSY, "Bookings are being restored; try again in a moment");
    }

    static ProblemException slotNotFound() {
        return ProblemException.notFound(BookingErrors.SLOT_NOT_FOUND, "No such slot of this service");
    }

    private static ProblemException slotPast() {
        return ProblemException.conflict(BookingErrors.SLOT_PAST, "This slot has already begun");
    }

    private static ProblemException slotFull() {
        return ProblemException.conflict(BookingErrors.SLOT_FULL, "Every seat of this slot is taken");
    }

    private ProblemException suspended(Instant until) {
        return ProblemException.conflict(
                        BookingErrors.BOOKING_SUSPENDED,
                        "Too many missed bookings: you can book again from " + clock.at(until))
                .with("until", clock.at(until).toString());
    }

    private static ProblemException alreadyBooked(String existing) {
        ProblemException e =
                ProblemException.conflict(BookingErrors.ALREADY_BOOKED, "You already have a booking for this service");
        if (existing != null && existing.startsWith("B:")) {
            e.with("bookingId", Long.parseLong(existing.split(":")[1]));
        }
        return e;
    }
}
