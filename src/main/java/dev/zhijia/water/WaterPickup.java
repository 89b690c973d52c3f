package dev.zhijia.water;

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

/** One bottle: a code issued at a station, then verified by its staff (or expired). */
@Entity
@Table(name = "water_pickup")
public class WaterPickup extends PanacheEntityBase {

    public enum Status {
        PENDING,
        VERIFIED,
        EXPIRED,
        CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_id")
    public long memberId;

    @Column(name = "station_id")
    public long stationId;

    public String code;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "verified_day")
    public LocalDate verifiedDay;

    @Column(name = "verified_by")
    public Long verifiedBy;

    @Column(name = "prize_id")
    public Long prizeId;
}
