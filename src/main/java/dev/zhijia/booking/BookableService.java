package dev.zhijia.booking;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.zhijia.member.Audience;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A service members book seats of (a check-up, a counselling session, ...): its terms are fixed once created. */
@Entity
@Table(name = "booking_service")
public class BookableService extends PanacheEntityBase {

    @RegisterForReflection
    public enum Kind {
        CHECKUP,
        COUNSELLING,
        LEGAL,
        REST_TRIP,
        OTHER
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "org_id")
    public String orgId;

    public String title;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String description;

    @Column(name = "release_at")
    public Instant releaseAt;

    @Column(name = "cancel_minutes_before")
    public int cancelMinutesBefore;

    /** Comma-joined; the same rule as benefits ({@link #audience()}). */
    @Column(name = "eligible_tags")
    public String eligibleTags;

    @Column(name = "eligible_orgs")
    public String eligibleOrgs;

    @Column(name = "created_by")
    public long createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    public List<String> tagList() {
        return split(eligibleTags);
    }

    public List<String> orgList() {
        return split(eligibleOrgs);
    }

    /** Who may book: the members' one eligibility rule, over this service's tags and orgs. */
    public Audience audience() {
        return Audience.of(tagList(), orgList());
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
