package dev.zhijia.booking;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.bookings")
public interface BookingConfig {

    /** A code is verified from this long before its slot starts until the slot ends. */
    @WithDefault("30m")
    Duration verifyEarly();

    /** No-shows within {@link #noShowWindow()} that suspend a member. */
    @WithDefault("3")
    int noShowsToSuspend();

    @WithDefault("P90D")
    Duration noShowWindow();

    /** How long a suspended member cannot book. */
    @WithDefault("P30D")
    Duration suspension();

    /** How often every replica marks no-shows and sends reminders (read by BookingSweeper's schedule). */
    @WithDefault("30s")
    Duration sweepEvery();

    /** How often every replica reconciles the Redis gate with MySQL (read by BookingReconciler's schedule). */
    @WithDefault("5s")
    Duration reconcileEvery();
}
