package dev.zhijia.station;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ShiftableClock;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * "The nearest station within a 15-minute walk": candidates from this replica's station map
 * ({@link StationMemory}), exact great-circle distances, nearest first, then the filters. Neither MySQL nor
 * Redis on this path.
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
            double lat, double lng, int radius, StationType type, ServiceTag service, boolean openNowOnly, int limit) {}

    private final StationMemory memory;
    private final ShiftableClock clock;

    NearbySearch(StationMemory memory, ShiftableClock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    public Uni<Result> search(Query q) {
        return memory.current().map(map -> search(q, map, clock.zonedNow().toLocalTime()));
    }

    private static Result search(Query q, StationMemory.Snapshot map, LocalTime now) {
        // half a metre more: a station 1500.3 m away is shown as 1500 and so lies inside radius=1500
        Geo.Box box = Geo.box(q.lat(), q.lng(), q.radius() + 0.5);
        List<Hit> hits = new ArrayList<>();
        map.forEachCandidate(box, q.type(), d -> {
            double meters = Geo.distanceMeters(q.lat(), q.lng(), d.lat(), d.lng());
            // inside iff the distance the member sees is within the radius: "1000 m" is inside 1000
            if (Math.round(meters) > q.radius()
                    || (q.service() != null && !d.services().contains(q.service()))) {
                return;
            }
            boolean openNow = d.hours().isOpenAt(now);
            if (!q.openNowOnly() || openNow) {
                hits.add(new Hit(d, meters, openNow));
            }
        });
        hits.sort(NEAREST);
        List<Item> items = new ArrayList<>(Math.min(q.limit(), hits.size()));
        for (Hit hit : hits.subList(0, Math.min(q.limit(), hits.size()))) {
            StationDoc d = hit.doc();
            int shown = (int) Math.round(hit.meters());
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
                    hit.openNow(),
                    d.open24h(),
                    d.rating(),
                    d.ratingCount(),
                    d.waterAvailable()));
        }
        return new Result(items);
    }

    private record Hit(StationDoc doc, double meters, boolean openNow) {}

    private static final Comparator<Hit> NEAREST = Comparator.comparingDouble(Hit::meters)
            .thenComparingLong(h -> h.doc().id());
}
