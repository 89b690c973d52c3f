package dev.zhijia.booking;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.zhijia.member.AudienceRule;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new bookable service; {@code orgId} is the owning union org (default the admin's own; see org/Orgs.owner). */
@RegisterForReflection
public record ServiceRequest(
        @NotBlank @Size(max = 100) String title,
        @NotNull BookableService.Kind kind,
        @Size(max = 2000) String description,
        @Size(max = 200) List<@NotNull @Positive Long> stationIds,
        @NotNull OffsetDateTime releaseAt,
        @NotNull @Min(0) @Max(43_200) Integer cancelMinutesBefore,
        @Valid AudienceRule eligibility,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {}
