package dev.zhijia.campaign;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zhijia.member.Audience;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A campaign as every read shows it; {@code event} only for EVENT, {@code vote} only for VOTE, {@code mine} only for members. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignView(
        long id,
        Campaign.Kind kind,
        String title,
        String body,
        Campaign.Status status,
        Audience audience,
        EventView event,
        VoteView vote,
        OffsetDateTime createdAt,
        OffsetDateTime publishedAt,
        Mine mine) {

    @RegisterForReflection
    public record EventView(
            OffsetDateTime startsAt,
            String location,
            int capacity,
            OffsetDateTime signupDeadline,
            int confirmed,
            long waitlisted) {}

    @RegisterForReflection
    public record VoteView(List<Option> options, int maxChoices, OffsetDateTime closesAt, boolean closed) {}

    @RegisterForReflection
    public record Option(long id, String label) {}

    /** The calling member's own sign-up and ballot. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mine(Signups.Signup signup, List<Long> votedOptionIds) {}

    CampaignView withMine(Mine m) {
        return new CampaignView(id, kind, title, body, status, audience, event, vote, createdAt, publishedAt, m);
    }
}
