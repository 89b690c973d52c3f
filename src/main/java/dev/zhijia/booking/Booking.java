package dev.zhijia.booking;

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

/** One member's seat in a slot, with the code shown at the counter. */
@Entity
@Table(name = "booking")
public class Booking extends PanacheEntityBase {

    public enum Status {
        BOOKED,
        VERIFIED,
        NO_SHOW,
        CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "service_id")
    public long serviceId;

    @Column(name = "slot_id")
    public long slotId;

    @Column(name = "member_id")
    public long memberId;

    @Column(name = "live_member_id")
    public Long liveMemberId;

    public String code;

    @Column(name = "live_code")
    public String liveCode;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "moved_at")
    public Instant movedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "verified_by")
    public Long verifiedBy;

    @Column(name = "verified_station")
    public Long verifiedStation;

    @Column(name = "no_show_at")
    public Instant noShowAt;

    @Column(name = "reminded_at")
    public Instant remindedAt;
}
