package dev.zhijia.station;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A member's one-tap review (一秒点评) of a station; {@code (station, member, reviewDate)} is unique. */
@Entity
@Table(name = "station_review")
public class StationReview extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "station_id")
    public long stationId;

    @Column(name = "member_id")
    public long memberId;

    /** The service zone's calendar day of the review. */
    @Column(name = "review_date")
    public LocalDate reviewDate;

    public int score;

    /** {@code ;}-joined, in the order given. */
    public String tags = "";

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;

    public List<String> tagList() {
        return tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(";"));
    }
}
