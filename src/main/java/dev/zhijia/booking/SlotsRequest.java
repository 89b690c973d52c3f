package dev.zhijia.booking;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Slots to add: an explicit list ({@code slots}), or a weekly rule — every day from {@code from} to
 * {@code to} (service-zone dates, inclusive) whose ISO weekday (1 = Monday) is listed, one slot per
 * {@code times} entry ("09:00-09:30"), each with {@code capacity} seats.
 */
@RegisterForReflection
public record SlotsRequest(
        @Size(max = SlotsRequest.MAX_SLOTS) List<@NotNull @Valid SlotSpec> slots,
        LocalDate from,
        LocalDate to,
        @Size(max = 7) List<@NotNull @Min(1) @Max(7) Integer> weekdays,

        @Size(max = 96) List<
                        @NotNull @Pattern(
                                regexp = "([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d",
                                message = "must be HH:mm-HH:mm")
                        String>
                times,

        @Min(1) @Max(100_000) Integer capacity) {

    static final int MAX_SLOTS = 5000;

    @RegisterForReflection
    public record SlotSpec(
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,
            @NotNull @Min(1) @Max(100_000) Integer capacity) {}
}
