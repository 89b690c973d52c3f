package dev.zhijia.booking;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import dev.zhijia.benefit.BenefitErrors;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.verify.CounterVerified;
import dev.zhijia.verify.Verifications;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/** 核销 of a booking code at a counter: single use, at the service's stations, only in the slot's window. */
@ApplicationScoped
public class BookingVerification {

    private static final Logger LOG = Logger.getLogger(BookingVerification.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    public record Verified(long bookingId, long memberId, String item, boolean repeat) {}

    private final BookingStore store;
    private final Services services;
    private final BookingGate gate;
    private final BookingConfig config;
    private final ShiftableClock clock;

    BookingVerification(
            BookingStore store, Services services, BookingGate gate, BookingConfig config, ShiftableClock clock) {
        this.store = store;
        this.services = services;
        this.gate = gate;
        this.config = config;
        this.clock = clock;
    }

    /** Joins the caller's transaction. Empty when no booking ever had this code (it may be an older claim code). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Verified> verify(long staffId, long stationId, String code) {
        Optional<Booking> found = store.byCode(code).filter(b -> b.status != Booking.Status.CANCELLED);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Booking booking = found.get();
        BookableService service = services.find(booking.serviceId);
        Slot slot = Slot.findById(booking.slotId);
        String item = service.title + " " + clock.at(slot.startsAt).format(WHEN) + "-"
                + clock.at(slot.endsAt).toLocalTime();
        if (booking.status == Booking.Status.VERIFIED) {
            return Optional.of(repeatOrUsed(booking, staffId, item));
        }
        if (booking.status == Booking.Status.NO_SHOW) {
            throw new ProblemException(
                    410, BenefitErrors.CODE_EXPIRED, "This booking's slot ended on " + clock.at(slot.endsAt));
        }
        var stations = services.stationIds(service.id);
        if (!stations.isEmpty() && !stations.contains(stationId)) {
            throw ProblemException.forbidden(BenefitErrors.WRONG_STATION, "This service is verified at other stations");
        }
        Instant now = clock.instant();
        if (now.isBefore(slot.startsAt.minus(config.verifyEarly())) || !now.isBefore(slot.endsAt)) {
            throw ProblemException.conflict(
                            BookingErrors.BOOKING_NOT_NOW,
                            "This booking is for " + clock.at(slot.startsAt) + " – " + clock.at(slot.endsAt))
                    .with("startsAt", clock.at(slot.startsAt).toString())
                    .with("endsAt", clock.at(slot.endsAt).toString());
        }
        if (!store.verify(booking.id, staffId, stationId, now)) {
            // another counter won the race (or the owner cancelled) a moment ago
            Booking.getEntityManager().refresh(booking);
            if (booking.status == Booking.Status.CANCELLED) {
                throw ProblemException.notFound(BenefitErrors.CODE_INVALID, "No booking has this code");
            }
            return Optional.of(repeatOrUsed(booking, staffId, item));
        }
        return Optional.of(new Verified(booking.id, booking.memberId, item, false));
    }

    /** The same staff retrying the same code gets the same answer; anyone else learns it is used. */
    private static Verified repeatOrUsed(Booking booking, long staffId, String item) {
        if (booking.verifiedBy != null && booking.verifiedBy == staffId) {
            return new Verified(booking.id, booking.memberId, item, true);
        }
        throw ProblemException.conflict(BenefitErrors.CODE_ALREADY_USED, "This code has already been verified");
    }

    /** A verified booking is no longer live: the member may book the service again. */
    void onVerified(@Observes(during = TransactionPhase.AFTER_SUCCESS) CounterVerified event) {
        if (event.result().kind() != Verifications.Kind.BOOKING) {
            return;
        }
        try {
            Booking b = QuarkusTransaction.requiringNew()
                    .call(() -> Booking.<Booking>findById(event.result().refId()));
            gate.forget(b.serviceId, b.memberId, b.id, b.slotId);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "booking %d verified; Redis still marks it live until the next load: %s",
                    event.result().refId(), e.getMessage());
        }
    }
}
