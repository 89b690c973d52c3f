package dev.zhijia.station;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;

/** Station records: admin management, detail, stock. Every change is announced so Redis follows MySQL. */
@ApplicationScoped
public class Stations {

    private final EntityManager em;
    private final Event<StationChanged> changed;
    private final ShiftableClock clock;
    private final StationConfig config;
    private final Orgs orgs;
    private final StationOccupancy occupancy;

    Stations(
            EntityManager em,
            Event<StationChanged> changed,
            ShiftableClock clock,
            StationConfig config,
            Orgs orgs,
            StationOccupancy occupancy) {
        this.orgs = orgs;
        this.occupancy = occupancy;
        this.em = em;
        this.changed = changed;
        this.clock = clock;
        this.config = config;
    }

    @Transactional
    public StationView create(Scope scope, StationRequest r) {
        Station s = new Station();
        s.orgId = orgs.owner(scope, r.orgId());
        s.createdAt = clock.instant();
        apply(s, r);
        s.waterStock = r.waterStock() == null ? 0 : r.waterStock();
        s.persist();
        return saved(s);
    }

    @Transactional
    public StationView replace(Scope scope, long id, StationRequest r) {
        Station s = live(scope, id, LockModeType.PESSIMISTIC_WRITE);
        if (r.orgId() != null) {
            s.orgId = orgs.owner(scope, r.orgId());
        }
        apply(s, r);
        if (r.waterStock() != null) {
            s.waterStock = r.waterStock();
        }
        return saved(s);
    }

    @Transactional
    public void delete(Scope scope, long id) {
        Station s = live(scope, id, LockModeType.PESSIMISTIC_WRITE);
        s.deletedAt = clock.instant();
        s.version++;
        changed.fire(new StationChanged(s.id, s.version, null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StationView detail(long id, boolean staffView, boolean adminView) {
        StationView v = view(live(id, LockModeType.NONE), staffView || adminView, adminView);
        return adminView ? v.withEntriesLastHour(occupancy.entriesLastHour(id)) : v;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<StationView> list(
            Scope scope, int limit, long before, boolean lowStockOnly, boolean withOpenReportsOnly) {
        StringBuilder where = new StringBuilder("deletedAt is null and id < ?1 and " + scope.where("orgId"));
        if (lowStockOnly) {
            where.append(" and waterStock < ?2");
        }
        if (withOpenReportsOnly) {
            where.append(" and openReports > 0");
        }
        var query = lowStockOnly
                ? Station.<Station>find(where + " order by id desc", before, config.lowStockBottles())
                : Station.<Station>find(where + " order by id desc", before);
        List<Station> rows = query.range(0, limit).list();
        return Page.of(rows.stream().map(s -> view(s, true, true)).toList(), limit, StationView::id);
    }

    /** Adds bottles; returns the new stock. */
    @Transactional
    public int restock(long id, int bottles) {
        Station s = live(id, LockModeType.PESSIMISTIC_WRITE);
        s.waterStock += bottles;
        saved(s);
        return s.waterStock;
    }

    /** Re-announces a station after a change made in SQL (ratings, reports, stock): same transaction. */
    public void announce(long id) {
        Station s = RowLocks.find(em, Station.class, "station", id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw ProblemException.notFound(StationErrors.STATION_NOT_FOUND, "No station " + id);
        }
        if (s.deletedAt != null) {
            // still gone: a newer "deleted" version, never a document that would put it back on the map
            s.version++;
            changed.fire(new StationChanged(s.id, s.version, null));
            return;
        }
        saved(s);
    }

    /** Refuses (400 UNKNOWN_STATION, naming them) any of these ids that is not a live station in the scope. */
    public void requireLive(Scope scope, Collection<Long> ids) {
        Set<Long> missing = new TreeSet<>(ids);
        if (missing.isEmpty()) {
            return;
        }
        missing.removeAll(em.createQuery(
                        "select s.id from Station s where s.id in ?1 and s.deletedAt is null and "
                                + scope.where("s.orgId"),
                        Long.class)
                .setParameter(1, missing)
                .getResultList());
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest(StationErrors.UNKNOWN_STATION, "No such stations: " + missing);
        }
    }

    /** A live station of the scope; out of it, 404 as if it did not exist. */
    public Station live(Scope scope, long id, LockModeType lock) {
        Station s = live(id, lock);
        return scope.visible(s, s.orgId, () -> notFound(id));
    }

    public Station live(long id, LockModeType lock) {
        return Optional.ofNullable(RowLocks.find(em, Station.class, "station", id, lock))
                .filter(s -> s.deletedAt == null)
                .orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(StationErrors.STATION_NOT_FOUND, "No station " + id);
    }

    private StationView saved(Station s) {
        s.version++;
        s.updatedAt = clock.instant();
        changed.fire(new StationChanged(s.id, s.version, StationDoc.of(s)));
        return view(s, true, true);
    }

    private void apply(Station s, StationRequest r) {
        double lat = r.lat();
        double lng = r.lng();
        if (r.datum() == StationRequest.Datum.WGS84) {
            double[] gcj = Geo.wgs84ToGcj02(lat, lng);
            lat = gcj[0];
            lng = gcj[1];
        }
        s.name = r.name().strip();
        s.type = r.type();
        s.lat = lat;
        s.lng = lng;
        s.address = r.address() == null ? "" : r.address().strip();
        s.services = String.join(
                ";",
                new TreeSet<>(r.services() == null ? List.of() : r.services())
                        .stream().map(Enum::name).toList());
        OpeningHours hours = hoursOf(r.hours());
        s.open24h = hours.open24h();
        s.opensMinute = hours.opens();
        s.closesMinute = hours.closes();
    }

    static OpeningHours hoursOf(StationRequest.Hours h) {
        if (Boolean.TRUE.equals(h.open24h())) {
            if (h.opens() != null || h.closes() != null) {
                throw ProblemException.invalid("hours", "give either open24h or opens/closes, not both");
            }
            return OpeningHours.ALWAYS;
        }
        Integer opens = OpeningHours.parse(h.opens());
        Integer closes = OpeningHours.parse(h.closes());
        if (opens == null || closes == null) {
            throw ProblemException.invalid(
                    "hours", "opens and closes must be times of day like 07:00 (or set open24h)");
        }
        if (opens.equals(closes)) {
            throw ProblemException.invalid(
                    "hours", "opens and closes are the same time; use open24h for a station that never closes");
        }
        return new OpeningHours(false, opens, closes);
    }

    StationView view(Station s, boolean staffView, boolean adminView) {
        OpeningHours hours = s.hours();
        return new StationView(
                s.id,
                s.name,
                s.type,
                s.lat,
                s.lng,
                s.address,
                s.serviceList(),
                StationView.HoursView.of(hours),
                hours.isOpenAt(clock.zonedNow().toLocalTime()),
                s.open24h,
                s.rating(),
                s.ratingCount,
                s.waterStock > 0,
                staffView ? s.waterStock : null,
                adminView ? s.openReports : null,
                adminView ? s.waterStock < config.lowStockBottles() : null,
                adminView ? s.orgId : null,
                null);
    }
}
