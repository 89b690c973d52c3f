package dev.zhijia.station;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ShiftableClock;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * "The nearest station within a 15-minute walk": candidates from the Redis GEO index (nearest first),
 * exact great-circle distances computed here, then the filters. No MySQL on this path.
 */
@ApplicationScoped
public class NearbySearch {

    @RegisterForReflection
    public record Item(
            long id,
            String name,
            StationType type,
            double lat,
            double lng,
            String address,
            int distanceMeters,
            int walkMinutes,
            List<ServiceTag> services,
            boolean openNow,
            boolean open24h,
            Double rating,
            int ratingCount,
            boolean waterAvailable) {}

    @RegisterForReflection
    public record Result(List<Item> items) {}

    public record Query(
            double lat, double lng, int radius, StationType type, ServiceTag service, boolean openNowOnly, int limit) {
        /** Filters the type's own GEO set cannot apply: they need more candidates than they return. */
        boolean filtered() {
            return service != null || openNowOnly;
        }
    }

    /** Redis's geohash distances differ from ours by well under this; the exact check is ours. */
    private static final double RADIUS_MARGIN = 1.002;

    private static final int MAX_CANDIDATES = 20_000;

    private final StationIndex index;
    private final ShiftableClock clock;

    NearbySearch(StationIndex index, ShiftableClock clock) {
        this.index = index;
        this.clock = clock;
    }

    public Uni<Result> search(Query q) {
        int first = q.filtered() ? Math.max(200, q.limit() * 5) : q.limit() + 8;
        return search(q, first, clock.zonedNow().toLocalTime());
    }

    private Uni<Result> search(Query q, int candidates, LocalTime now) {
        return index.within(q.lat(), q.lng(), q.radius() * RADIUS_MARGIN + 1, candidates, q.type())
                .flatMap(hits -> {
                    List<Item> items = select(q, hits, now);
                    boolean mayHaveMore = hits.size() >= candidates && candidates < MAX_CANDIDATES;
                    if (items.size() < q.limit() && mayHaveMore) {
                        return search(q, Math.min(MAX_CANDIDATES, candidates * 4), now);
                    }
                    return Uni.createFrom().item(new Result(items));
                });
    }

    private static List<Item> select(Query q, List<StationIndex.Hit> hits, LocalTime now) {
        List<Item> items = new ArrayList<>(q.limit());
        for (StationIndex.Hit hit : hits) {
            StationDoc d = hit.doc();
            double meters = Geo.distanceMeters(q.lat(), q.lng(), d.lat(), d.lng());
            int shown = (int) Math.round(meters);
            boolean openNow = d.hours().isOpenAt(now);
            // inside iff the distance the member sees is within the radius: "1000 m" is inside 1000
            if (shown > q.radius()
                    || (q.type() != null && d.type() != q.type())
                    || (q.service() != null && !d.services().contains(q.service()))
                    || (q.openNowOnly() && !openNow)) {
                continue;
            }
            items.add(new Item(
                    d.id(),
                    d.name(),
                    d.type(),
                    d.lat(),
                    d.lng(),
                    d.address(),
                    shown,
                    Geo.walkMinutes(shown),
                    d.services(),
                    openNow,
                    d.open24h(),
                    d.rating(),
                    d.ratingCount(),
                    d.waterAvailable()));
        }
        // Redis orders by its own distance; ours can swap two stations a few centimetres apart.
        items.sort((a, b) -> Integer.compare(a.distanceMeters(), b.distanceMeters()));
        return items.size() > q.limit() ? List.copyOf(items.subList(0, q.limit())) : items;
    }
}
