package dev.zhijia.door;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RateLimiter;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Eligibility;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * 扫码进站: a verified member scans a door's rotating QR; the service checks it, tells that door to open
 * with a signed command that expires in seconds, and logs the entry only when the door confirms it.
 */
@ApplicationScoped
public class DoorEntries {

    @RegisterForReflection
    public record Entry(long entryId, long doorId, long stationId, String status, OffsetDateTime at) {}

    private final Eligibility eligibility;
    private final RateLimiter limiter;
    private final Doors doors;
    private final DoorLink link;
    private final EntryLog log;
    private final DoorConfig config;
    private final ShiftableClock clock;

    DoorEntries(
            Eligibility eligibility,
            RateLimiter limiter,
            Doors doors,
            DoorLink link,
            EntryLog log,
            DoorConfig config,
            ShiftableClock clock) {
        this.eligibility = eligibility;
        this.limiter = limiter;
        this.doors = doors;
        this.link = link;
        this.log = log;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Checks in this order, each refusal changing nothing: verified (403 NOT_VERIFIED), the member's scans
     * this minute (429, counted before anything else is looked at, so forging QRs is slow), the door (404),
     * the QR (403 DOOR_QR_INVALID), the station's hours (409 STATION_CLOSED); then the door's answer within
     * {@code answer-within}: OPENED (201, logged), FAILED (502), none (503 DOOR_OFFLINE, nothing logged).
     */
    public Entry enter(long memberId, long doorId, String qr) {
        // The reads in a transaction of their own, over before the wait: a session outside one would keep its
        // JDBC connection for the whole request, and 40 scans waiting on their doors would hold the whole pool.
        Doors.Target door = QuarkusTransaction.requiringNew().call(() -> {
            eligibility.of(memberId).requireVerified();
            limiter.guess(
                    "Too many scans; try again in a minute",
                    new RateLimiter.Limit("door-scan:" + memberId, config.scansPerMinute(), Duration.ofMinutes(1)));
            return doors.target(doorId);
        });
        if (!DoorProtocol.qrValid(qr, doorId, door.secret(), clock.instant())) {
            throw ProblemException.forbidden(
                    DoorErrors.DOOR_QR_INVALID, "This is not the current code of door " + doorId + "; scan again");
        }
        if (!door.hours().isOpenAt(clock.zonedNow().toLocalTime())) {
            throw ProblemException.conflict(DoorErrors.STATION_CLOSED, "The station is closed now");
        }
        DoorLink.Answer answer = link.open(doorId, door.secret());
        if (answer.result() == null) {
            throw ProblemException.unavailable(
                    DoorErrors.DOOR_OFFLINE, "Door " + doorId + " did not answer; nothing was recorded");
        }
        if (!DoorProtocol.OPENED.equals(answer.result())) {
            throw new ProblemException(502, DoorErrors.DOOR_FAILED, "Door " + doorId + " could not open");
        }
        Instant at = clock.instant();
        long id = log.record(doorId, door.stationId(), memberId, answer.commandId(), at);
        return new Entry(id, doorId, door.stationId(), DoorProtocol.OPENED, clock.at(at));
    }
}
