package dev.zhijia.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one clock every time rule reads, in the service zone. Tests move it forward instead of sleeping;
 * outside the test profile {@link #shift} refuses.
 */
@Singleton
public class ShiftableClock extends Clock {

    private final ZoneId zone;
    private final boolean adjustable;
    private volatile Duration offset = Duration.ZERO;

    ShiftableClock(
            @ConfigProperty(name = "zhijia.zone") ZoneId zone,
            @ConfigProperty(name = "zhijia.clock.adjustable", defaultValue = "false") boolean adjustable) {
        this.zone = zone;
        this.adjustable = adjustable;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return Clock.offset(Clock.system(other), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    public ZonedDateTime zonedNow() {
        return ZonedDateTime.ofInstant(instant(), zone);
    }

    /** An instant as the API shows times: ISO-8601 with the service zone's offset. */
    public java.time.OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }

    /** The service zone's calendar day: what "one per day" rules count in. */
    public LocalDate today() {
        return zonedNow().toLocalDate();
    }

    /** The instant the service zone's calendar day begins: ranges of days are [startOf(from), startOf(to + 1)). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The service zone's calendar day an instant falls on. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    public void shift(Duration by) {
        if (!adjustable) {
            throw new IllegalStateException("the clock is fixed outside tests");
        }
        offset = offset.plus(by);
    }

    public void reset() {
        if (adjustable) {
            offset = Duration.ZERO;
        }
    }
}
