package dev.zhijia.campaign;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.zhijia.member.AudienceRule;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A campaign draft as an admin writes it. Rules that tie fields together are checked by {@link Campaigns}. */
@RegisterForReflection
public record CampaignRequest(
        @NotNull Campaign.Kind kind,
        @NotBlank @Size(max = 100) String title,
        @Size(max = 2000) String body,
        @Valid AudienceRule audience,
        @Valid EventTerms event,
        @Valid VoteTerms vote) {

    @RegisterForReflection
    public record EventTerms(
            @NotNull OffsetDateTime startsAt,
            @NotBlank @Size(max = 200) String location,
            @NotNull @Min(1) @Max(100_000) Integer capacity,
            @NotNull OffsetDateTime signupDeadline) {}

    @RegisterForReflection
    public record VoteTerms(
            @NotNull @Size(min = 2, max = 20) List<@NotBlank @Size(max = 50) String> options,
            @NotNull @Min(1) @Max(20) Integer maxChoices,
            @NotNull OffsetDateTime closesAt) {}
}
