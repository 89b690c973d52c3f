package dev.zhijia.job;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A job post (岗位). Open while {@code status} is OPEN and {@code closesAt} is ahead; coordinates are GCJ-02. */
@Entity
@Table(name = "job_post")
public class JobPost extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    /** Every seat taken: the last hire closes the post. */
    public static final String FILLED = "FILLED";

    public static final String DELETED = "DELETED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The owning org (V11's tree; the creating admin's unless they name one of their subtree); admin scope filters by it. */
    @Column(name = "org_id")
    public String orgId;

    public String title;
    public String employer;
    public String category;
    public String district;
    public String address;
    public double lat;
    public double lng;

    @Column(name = "salary_min")
    public int salaryMin;

    @Column(name = "salary_max")
    public int salaryMax;

    public String description;
    public int headcount;

    @Column(name = "hired_count")
    public int hiredCount;

    @Column(name = "application_count")
    public int applicationCount;

    public long views;

    @Column(name = "closes_at")
    public Instant closesAt;

    /** {@code ;}-joined. */
    public String tags = "";

    public String status;

    @Column(name = "created_by")
    public long createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_month")
    public LocalDate createdMonth;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
