package dev.zhijia.contest;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.zhijia.member.Audience;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A contest (竞赛): open from {@code opensAt} until {@code closesAt}; its bank and tiers are their own tables. */
@Entity
@Table(name = "contest")
public class Contest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The owning org; admin scope filters by it. */
    @Column(name = "org_id")
    public String orgId;

    public String title;
    public String description = "";

    @Column(name = "opens_at")
    public Instant opensAt;

    @Column(name = "closes_at")
    public Instant closesAt;

    @Column(name = "audience_tags")
    public String audienceTags = "";

    @Column(name = "audience_orgs")
    public String audienceOrgs = "";

    @Column(name = "questions_per_attempt")
    public int questionsPerAttempt;

    @Column(name = "seconds_per_attempt")
    public int secondsPerAttempt;

    @Column(name = "attempts_per_member")
    public int attemptsPerMember;

    @Column(name = "award_progress")
    public int awardProgress;

    @Column(name = "awarded_at")
    public Instant awardedAt;

    @Column(name = "created_by")
    public long createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    public Audience audience() {
        return Audience.parse(audienceTags, audienceOrgs);
    }

    public boolean opened(Instant now) {
        return !now.isBefore(opensAt);
    }

    public boolean closed(Instant now) {
        return !now.isBefore(closesAt);
    }
}
