package dev.zhijia.benefit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One member's unit of a benefit, with the code staff redeem at an eligible station. */
@Entity
@Table(name = "benefit_claim")
public class Claim extends PanacheEntityBase {

    public enum Status {
        CLAIMED,
        REDEEMED,
        CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "benefit_id")
    public long benefitId;

    @Column(name = "member_id")
    public long memberId;

    @Column(name = "live_member_id")
    public Long liveMemberId;

    public String code;

    @Column(name = "live_code")
    public String liveCode;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "redeem_by")
    public Instant redeemBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "redeemed_by")
    public Long redeemedBy;

    @Column(name = "redeemed_station")
    public Long redeemedStation;
}
