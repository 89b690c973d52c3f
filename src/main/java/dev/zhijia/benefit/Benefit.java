package dev.zhijia.benefit;

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
import dev.zhijia.org.Scope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A limited benefit (free check-ups, gift packs, ...) that members claim or enter a lottery for. */
@Entity
@Table(name = "benefit")
public class Benefit extends PanacheEntityBase {

    @RegisterForReflection
    public enum Allocation {
        FIRST_COME,
        LOTTERY
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String title;

    public String description;

    @Enumerated(EnumType.STRING)
    public Allocation allocation;

    @Column(name = "total_stock")
    public int totalStock;

    @Column(name = "claimed_count")
    public int claimedCount;

    @Column(name = "per_member_limit")
    public int perMemberLimit;

    @Column(name = "opens_at")
    public Instant opensAt;

    @Column(name = "closes_at")
    public Instant closesAt;

    @Column(name = "redeem_by")
    public Instant redeemBy;

    /** Comma-joined; a member needs any one of them (empty: everyone). */
    @Column(name = "eligible_tags")
    public String eligibleTags;

    @Column(name = "eligible_orgs")
    public String eligibleOrgs;

    @Column(name = "sold_out_at")
    public Instant soldOutAt;

    @Column(name = "draw_seed")
    public String drawSeed;

    @Column(name = "entries_digest")
    public String entriesDigest;

    @Column(name = "drawn_at")
    public Instant drawnAt;

    @Column(name = "created_by")
    public long createdBy;

    /** The organisation that offers it (its admins manage it). */
    @Column(name = "org_id")
    public String orgId = Scope.ROOT;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> tagList() {
        return split(eligibleTags);
    }

    public List<String> orgList() {
        return split(eligibleOrgs);
    }

    /** Who may claim or enter: the members' one eligibility rule, over this benefit's tags and orgs. */
    public Audience audience() {
        return Audience.of(tagList(), orgList());
    }

    public String status(Instant now) {
        return now.isBefore(opensAt) ? "upcoming" : now.isBefore(closesAt) ? "open" : "closed";
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
