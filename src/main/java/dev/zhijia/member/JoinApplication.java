package dev.zhijia.member;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.zhijia.org.Scope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 网上入会: a worker who is not on the roster asks to join; an admin approves or rejects. */
@Entity
@Table(name = "join_application")
public class JoinApplication extends PanacheEntityBase {

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_id")
    public Long memberId;

    /** The root's until approved, then the new member's org: which admins see it. */
    @Column(name = "org_id")
    public String orgId = Scope.ROOT;

    /** Equals memberId while pending, null once decided: the unique key allows one pending application per member. */
    @Column(name = "pending_member_id")
    public Long pendingMemberId;

    public String name;
    public String phone;
    public String employer;
    public String occupation;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "decided_by")
    public Long decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public String reason;

    @Column(name = "roster_id")
    public Long rosterId;

    @Column(name = "created_at")
    public Instant createdAt;
}
