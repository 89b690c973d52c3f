package dev.zhijia.station;

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
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member's problem report about a station; open until an admin resolves it. {@code station.open_reports} counts the open ones. */
@Entity
@Table(name = "station_report")
public class StationReport extends PanacheEntityBase {

    @RegisterForReflection
    public enum Status {
        OPEN,
        RESOLVED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "station_id")
    public long stationId;

    @Column(name = "member_id")
    public long memberId;

    @Enumerated(EnumType.STRING)
    public ReportKind kind;

    public String comment;

    @Enumerated(EnumType.STRING)
    public Status status = Status.OPEN;

    @Column(name = "resolved_by")
    public Long resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public String resolution;

    @Column(name = "created_at")
    public Instant createdAt;
}
