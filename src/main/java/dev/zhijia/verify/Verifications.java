package dev.zhijia.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.benefit.BenefitErrors;
import dev.zhijia.benefit.Redemptions;
import dev.zhijia.booking.BookingCodes;
import dev.zhijia.booking.BookingVerification;
import dev.zhijia.common.Masking;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RateLimiter;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.staff.StaffErrors;
import dev.zhijia.staff.StaffService;
import dev.zhijia.stats.Rollups;
import dev.zhijia.water.WaterVerification;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One counter for every code a member shows: claim codes (8 digits), booking codes (8 digits
 * ending in their Luhn check digit) and water pickup codes (6 digits). Wrong codes are limited per staff account and per station, so
 * codes cannot be guessed in their lifetime; every success is recorded with staff, station and time.
 */
@ApplicationScoped
public class Verifications {

    @RegisterForReflection
    public enum Kind {
        BENEFIT_CLAIM,
        WATER_PICKUP,
        BOOKING
    }

    @RegisterForReflection
    public record Result(
            Kind kind, String memberName, String item, Prize prize, long refId, long stationId, boolean repeat) {}

    @RegisterForReflection
    public record Prize(String name) {}

    static final String WATER_ITEM = "矿泉水 1 瓶";

    private final Redemptions redemptions;
    private final WaterVerification water;
    private final StaffService staff;
    private final RateLimiter limiter;
    private final VerificationConfig config;
    private final EntityManager em;
    private final ShiftableClock clock;
    private final Rollups rollups;
    private final Event<CounterVerified> verified;
    private final BookingVerification bookings;

    Verifications(
            BookingVerification bookings,
            Redemptions redemptions,
            WaterVerification water,
            StaffService staff,
            RateLimiter limiter,
            VerificationConfig config,
            EntityManager em,
            ShiftableClock clock,
            Rollups rollups,
            Event<CounterVerified> verified) {
        this.bookings = bookings;
        this.rollups = rollups;
        this.verified = verified;
        this.redemptions = redemptions;
        this.water = water;
        this.staff = staff;
        this.limiter = limiter;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Result verify(long staffId, Long requestedStation, String code) {
        long stationId = stationOf(staffId, requestedStation);
        Duration window = Duration.ofMinutes(config.missWindowMinutes());
        RateLimiter.Guess guess = limiter.guess(
                "Too many wrong codes; wait " + config.missWindowMinutes() + " minutes",
                new RateLimiter.Limit("verify-miss:staff:" + staffId, config.maxMissesPerStaff(), window),
                new RateLimiter.Limit("verify-miss:station:" + stationId, config.maxMissesPerStation(), window),
                new RateLimiter.Limit(
                        "verify-miss:station-day:" + stationId,
                        config.maxMissesPerStationPerDay(),
                        Duration.ofDays(1)));
        try {
            Result result;
            Optional<BookingVerification.Verified> booked =
                    BookingCodes.isBookingCode(code) ? bookings.verify(staffId, stationId, code) : Optional.empty();
            if (code.length() == 6) {
                WaterVerification.Verified w = water.verify(staffId, stationId, code);
                Prize prize = w.prize() == null ? null : new Prize(w.prize());
                result = settle(
                        Kind.WATER_PICKUP,
                        w.pickupId(),
                        w.memberId(),
                        WATER_ITEM,
                        prize,
                        staffId,
                        stationId,
                        w.repeat());
            } else if (booked.isPresent()) {
                BookingVerification.Verified b = booked.get();
                result = settle(
                        Kind.BOOKING, b.bookingId(), b.memberId(), b.item(), null, staffId, stationId, b.repeat());
            } else {
                Redemptions.Redeemed r = redemptions.redeem(staffId, stationId, code);
                result = settle(
                        Kind.BENEFIT_CLAIM, r.claimId(), r.memberId(), r.item(), null, staffId, stationId, r.repeat());
            }
            guess.giveBack();
            return result;
        } catch (ProblemException e) {
            if (!e.code().equals(BenefitErrors.CODE_INVALID) && !e.code().equals(BenefitErrors.WRONG_STATION)) {
                guess.giveBack(); // a real code, used or expired: not a guess
            }
            throw e;
        }
    }

    @RegisterForReflection
    public record Done(
            long id,
            Kind kind,
            long refId,
            long stationId,
            String item,
            String memberName,
            java.time.OffsetDateTime at) {}

    /** Records one verified code and tells its member; the same for every kind of code. */
    private Result settle(
            Kind kind,
            long refId,
            long memberId,
            String item,
            Prize prize,
            long staffId,
            long stationId,
            boolean repeat) {
        record(kind, refId, memberId, staffId, stationId, repeat);
        return told(memberId, new Result(kind, maskedName(memberId), item, prize, refId, stationId, repeat));
    }

    /** The member hears of it on their phone once the verification has committed (a retry tells nobody twice). */
    private Result told(long memberId, Result result) {
        if (!result.repeat()) {
            verified.fire(new CounterVerified(memberId, result));
        }
        return result;
    }

    /** What this staff member's stations verified on one service-zone day, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Done> day(long staffId, java.time.LocalDate day) {
        List<Long> stations = staff.stationIds(staffId);
        if (stations.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT v.id, v.kind, v.ref_id, v.station_id, r.name, v.created_at, COALESCE(b.title, bs.title) FROM verification v"
                                + " JOIN member m ON m.id = v.member_id LEFT JOIN roster_entry r ON r.id = m.roster_id"
                                + " LEFT JOIN benefit_claim c ON v.kind = 'BENEFIT_CLAIM' AND c.id = v.ref_id LEFT JOIN benefit b ON b.id = c.benefit_id"
                                + " LEFT JOIN booking bk ON v.kind = 'BOOKING' AND bk.id = v.ref_id LEFT JOIN booking_service bs ON bs.id = bk.service_id"
                                + " WHERE v.station_id IN (?1) AND v.created_at >= ?2 AND v.created_at < ?3 ORDER BY v.id DESC LIMIT 500")
                .setParameter(1, stations)
                .setParameter(2, clock.startOf(day))
                .setParameter(3, clock.startOf(day.plusDays(1)))
                .getResultList();
        return rows.stream()
                .map(r -> {
                    Kind kind = Kind.valueOf((String) r[1]);
                    return new Done(
                            ((Number) r[0]).longValue(),
                            kind,
                            ((Number) r[2]).longValue(),
                            ((Number) r[3]).longValue(),
                            kind == Kind.WATER_PICKUP ? WATER_ITEM : (String) r[6],
                            Masking.name((String) r[4]),
                            clock.at(SqlTimes.instant(r[5])));
                })
                .toList();
    }

    private void record(Kind kind, long refId, long memberId, long staffId, long stationId, boolean repeat) {
        if (repeat) {
            return; // the same counter retrying: recorded the first time
        }
        Instant now = clock.instant();
        em.createNativeQuery("INSERT INTO verification (kind, ref_id, member_id, staff_id, station_id, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, kind.name())
                .setParameter(2, refId)
                .setParameter(3, memberId)
                .setParameter(4, staffId)
                .setParameter(5, stationId)
                .setParameter(6, now)
                .executeUpdate();
        if (kind == Kind.WATER_PICKUP) {
            rollups.pickedUp(stationId, memberId, now);
        } else if (kind == Kind.BENEFIT_CLAIM) {
            rollups.redeemed(stationId, memberId, now);
        }
    }

    /** The station the staff member stands at: the one given, or their only one. */
    private long stationOf(long staffId, Long requested) {
        List<Long> mine = staff.stationIds(staffId);
        if (requested != null) {
            if (!mine.contains(requested)) {
                throw ProblemException.forbidden(
                        StaffErrors.NOT_YOUR_STATION, "You are not staff of station " + requested);
            }
            return requested;
        }
        if (mine.size() != 1) {
            throw ProblemException.invalid(
                    "stationId",
                    mine.isEmpty()
                            ? "you are not staff of any station"
                            : "you work at several stations: say which one");
        }
        return mine.get(0);
    }

    private String maskedName(long memberId) {
        List<?> names = em.createNativeQuery(
                        "SELECT r.name FROM member m JOIN roster_entry r ON r.id = m.roster_id WHERE m.id = ?1")
                .setParameter(1, memberId)
                .getResultList();
        return names.isEmpty() ? null : Masking.name((String) names.get(0));
    }
}
