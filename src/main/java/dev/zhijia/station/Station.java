package dev.zhijia.station;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

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
import io.quarkus.narayana.jta.QuarkusTransaction;

/** A union station (驿站) on the service map. Soft-deleted so history keeps its place. */
@Entity
@Table(name = "station")
public class Station extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The organisation that runs it (its admins manage it). */
    @Column(name = "org_id")
    public String orgId = Scope.ROOT;

    @Enumerated(EnumType.STRING)
    public StationType type = StationType.SERVICE_CENTER;

    /** GCJ-02 degrees, what the mini-program's map uses. */
    public double lat;

    public double lng;

    public String address = "";

    /** {@link ServiceTag} names, sorted, {@code ;}-joined. */
    public String services = "";

    @Column(name = "open_24h")
    public boolean open24h;

    @Column(name = "opens_minute")
    public Integer opensMinute;

    @Column(name = "closes_minute")
    public Integer closesMinute;

    @Column(name = "water_stock")
    public int waterStock;

    @Column(name = "rating_sum")
    public long ratingSum;

    @Column(name = "rating_count")
    public int ratingCount;

    @Column(name = "open_reports")
    public int openReports;

    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public List<ServiceTag> serviceList() {
        return services == null || services.isEmpty()
                ? List.of()
                : Arrays.stream(services.split(";")).map(ServiceTag::valueOf).toList();
    }

    public OpeningHours hours() {
        return open24h ? OpeningHours.ALWAYS : new OpeningHours(false, opensMinute, closesMinute);
    }

    /** Average score to one decimal, or null before the first review. */
    public Double rating() {
        return ratingCount == 0 ? null : Math.round(ratingSum * 10.0 / ratingCount) / 10.0;
    }

    private static final int PAGE = 1000;

    /** Every station, deleted ones too, in id order: a transaction per page of 1,000. How many there were. */
    static int forEachInIdOrder(Consumer<Station> each) {
        int n = 0;
        long after = 0;
        List<Station> page;
        do {
            final long from = after;
            page = QuarkusTransaction.requiringNew()
                    .call(() -> Station.<Station>find("id > ?1 order by id", from)
                            .range(0, PAGE - 1)
                            .list());
            for (Station s : page) {
                each.accept(s);
                after = s.id;
                n++;
            }
        } while (page.size() == PAGE);
        return n;
    }
}
