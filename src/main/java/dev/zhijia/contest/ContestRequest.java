package dev.zhijia.contest;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.zhijia.member.AudienceRule;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A contest as an admin writes it. {@code audience} is the same rule as a campaign's (member/Audience). Rules that
 * tie fields together (closesAt after opensAt, answer indexes within the options) are checked by {@link Contests}.
 */
@RegisterForReflection
public record ContestRequest(
        @NotBlank @Size(max = 100) String title,
        @Size(max = 2000) String description,
        @NotNull OffsetDateTime opensAt,
        @NotNull OffsetDateTime closesAt,
        @Valid AudienceRule audience,
        @Size(max = 1000) List<@Valid @NotNull Question> questions,
        @NotNull @Min(1) @Max(100) Integer questionsPerAttempt,
        @NotNull @Min(10) @Max(3600) Integer secondsPerAttempt,
        @NotNull @Min(1) @Max(20) Integer attemptsPerMember,
        @Size(max = 10) List<@Valid @NotNull Tier> prizes,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {

    /** One question: {@code answer} the correct option indexes (0-based); several make it multiple choice. */
    @RegisterForReflection
    public record Question(
            @NotBlank @Size(max = 500) String text,
            @NotNull @Size(min = 2, max = 8) List<@NotBlank @Size(max = 200) String> options,
            @NotNull @Size(min = 1, max = 8) List<@NotNull @Min(0) @Max(7) Integer> answer,
            @Min(1) @Max(100) Integer points) {}

    /** A prize tier: the next {@code count} ranks. */
    @RegisterForReflection
    public record Tier(
            @NotBlank @Size(max = 20) String tier,
            @NotNull @Min(1) @Max(100_000) Integer count) {}
}
