package dev.zhijia.helpdesk;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One case. Its status only ever changes through {@link Cases}' guarded updates, never by setting the field. */
@Entity
@Table(name = "help_case")
public class HelpCase extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String number;

    @Column(name = "member_id")
    public long memberId;

    @Column(name = "org_id")
    public String orgId;

    @Enumerated(EnumType.STRING)
    public CaseCategory category;

    public String title;
    public String description;

    @Column(name = "contact_phone")
    public String contactPhone;

    @Enumerated(EnumType.STRING)
    public CaseStatus status;

    @Column(name = "caseworker_id")
    public Long caseworkerId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_month")
    public LocalDate createdMonth;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_month")
    public LocalDate resolvedMonth;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "overdue_at")
    public Instant overdueAt;

    public Integer rating;

    @Column(name = "rating_comment")
    public String ratingComment;

    @Column(name = "rated_at")
    public Instant ratedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
