package dev.zhijia.contest;

import java.time.OffsetDateTime;
import java.util.List;

import dev.zhijia.member.Audience;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A contest as members see it (no questions: an attempt draws them) with what they have done in it; admins also
 * get the owner, the audience and the bank's size ({@code orgId}, {@code audience}, {@code questionCount}).
 */
@RegisterForReflection
public record ContestView(
        long id,
        String title,
        String description,
        OffsetDateTime opensAt,
        OffsetDateTime closesAt,
        String status,
        int questionsPerAttempt,
        int secondsPerAttempt,
        int attemptsPerMember,
        List<ContestRequest.Tier> prizes,
        Mine mine,
        String orgId,
        Audience audience,
        Integer questionCount) {

    public static final String UPCOMING = "UPCOMING";
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
    /** Closed and every prize awarded. */
    public static final String AWARDED = "AWARDED";

    /** The member's attempts and best scored one (null until one is scored). */
    @RegisterForReflection
    public record Mine(int attemptsUsed, int attemptsLeft, Integer bestScore, Integer bestMillis, Long openAttemptId) {}
}
