package dev.zhijia.campaign;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.zhijia.member.Audience;
import dev.zhijia.org.Scope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A notice, an event members sign up for, or a vote; a draft until an admin publishes it to its audience. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    @RegisterForReflection
    public enum Kind {
        NOTICE,
        EVENT,
        VOTE
    }

    @RegisterForReflection
    public enum Status {
        DRAFT,
        PUBLISHED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String title;

    public String body;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Comma-joined, sorted. */
    @Column(name = "audience_tags")
    public String audienceTags;

    @Column(name = "audience_orgs")
    public String audienceOrgs;

    @Column(name = "event_starts_at")
    public Instant eventStartsAt;

    @Column(name = "event_location")
    public String eventLocation;

    @Column(name = "event_capacity")
    public Integer eventCapacity;

    @Column(name = "event_signup_deadline")
    public Instant eventSignupDeadline;

    @Column(name = "confirmed_count")
    public int confirmedCount;

    @Column(name = "vote_max_choices")
    public Integer voteMaxChoices;

    @Column(name = "vote_closes_at")
    public Instant voteClosesAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "fanout_last_member_id")
    public Long fanoutLastMemberId;

    @Column(name = "fanout_next_member_id")
    public Long fanoutNextMemberId;

    @Column(name = "fanout_delivered")
    public int fanoutDelivered;

    @Column(name = "fanout_done_at")
    public Instant fanoutDoneAt;

    @Column(name = "live_event_id")
    public String liveEventId;

    @Column(name = "created_by")
    public long createdBy;

    /** The organisation that runs it: its admins' subtree. */
    @Column(name = "org_id")
    public String orgId = Scope.ROOT;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Audience audience() {
        return Audience.parse(audienceTags, audienceOrgs);
    }

    public boolean published() {
        return status == Status.PUBLISHED;
    }
}
