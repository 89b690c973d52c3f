package dev.zhijia.testsupport;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import dev.zhijia.common.ShiftableClock;

/** Moves the service's test clock (tests reset it afterwards). */
public final class TestClock {

    private TestClock() {}

    /** To the next hour:minute of the service zone (today's, or tomorrow's when today's has passed). */
    public static void nextTimeOfDay(ShiftableClock clock, int hour, int minute) {
        clock.reset();
        ZonedDateTime now = clock.zonedNow();
        ZonedDateTime target =
                now.withHour(hour).withMinute(minute).withSecond(0).withNano(0);
        if (target.isBefore(now)) {
            target = target.plusDays(1);
        }
        clock.shift(Duration.between(now, target));
    }

    /** To a moment of the service zone. */
    public static void moveTo(ShiftableClock clock, LocalDateTime moment) {
        clock.shift(Duration.between(clock.zonedNow(), moment.atZone(clock.getZone())));
    }
}
