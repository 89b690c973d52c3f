package dev.zhijia.benefit;

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

@RegisterForReflection
public record BenefitRequest(
        @NotBlank @Size(max = 100) String title,
        @Size(max = 2000) String description,
        Benefit.Allocation allocation,
        @NotNull @Min(1) @Max(1_000_000) Integer totalStock,

        @Min(value = 1, message = "only 1 is supported") @Max(value = 1, message = "only 1 is supported") Integer perMemberLimit,

        @NotNull OffsetDateTime opensAt,
        @NotNull OffsetDateTime closesAt,
        @NotNull OffsetDateTime redeemBy,
        @Size(max = 200) List<@NotNull @Positive Long> stationIds,
        @Valid AudienceRule eligibility,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {}
