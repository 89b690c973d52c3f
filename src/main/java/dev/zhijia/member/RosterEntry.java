package dev.zhijia.member;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A union member on the federation's roster (花名册), keyed by member-card number. */
@Entity
@Table(name = "roster_entry")
public class RosterEntry extends PanacheEntityBase {

    public static final String SOURCE_IMPORT = "IMPORT";
    public static final String SOURCE_APPLICATION = "APPLICATION";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "card_no")
    public String cardNo;

    public String name;

    public String phone;

    @Column(name = "org_id")
    public String orgId;

    /** Sorted, {@code ;}-joined; {@code roster_tag} holds the same tags one per row for targeting. */
    public String tags;

    public String source;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> tagList() {
        return tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(";"));
    }
}
