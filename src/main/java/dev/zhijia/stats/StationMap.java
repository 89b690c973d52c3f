package dev.zhijia.stats;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.door.Doors;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Station;
import dev.zhijia.station.StationConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The admins' 服务云图: every live station of the subtree with its coordinates, what needs attention
 * (low stock, open reports, closed now) and today's use (pickups + redemptions from the day's rollup),
 * in one call, so the map draws every station on one picture.
 */
@ApplicationScoped
public class StationMap {

    /** Why a station is coloured: the client picks the colour of the first state it knows. */
    @RegisterForReflection
    public enum State {
        /** A door of the station has not sent a heartbeat lately (door/Doors.offlineByStation). */
        OFFLINE_DOORS,
        OPEN_REPORTS,
        LOW_STOCK,
        CLOSED
    }

    @RegisterForReflection
    public record MapStation(
            long stationId,
            String name,
            String type,
            String address,
            double lat,
            double lng,
            String orgId,
            boolean openNow,
            int waterStock,
            boolean lowStock,
            int openReports,
            /* the station's doors without a heartbeat lately (door/Doors.offlineByStation) */
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer offlineDoors,
            long pickupsToday,
            long redemptionsToday,
            long usesToday,
            List<State> states) {}

    @RegisterForReflection
    public record Picture(LocalDate day, int lowStockBottles, List<MapStation> items) {}

    /** At most this many stations on one picture (a city has hundreds). */
    static final int MAX_STATIONS = 5000;

    private final EntityManager em;
    private final ShiftableClock clock;
    private final StationConfig config;
    private final Doors doors;

    StationMap(EntityManager em, ShiftableClock clock, StationConfig config, Doors doors) {
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.doors = doors;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Picture of(Scope scope) {
        LocalDate today = clock.today();
        LocalTime now = clock.zonedNow().toLocalTime();
        List<Station> stations = Station.<Station>find("deletedAt is null and " + scope.where("orgId") + " order by id")
                .range(0, MAX_STATIONS - 1)
                .list();
        Map<Long, long[]> use = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT station_id, pickups, redemptions FROM figure_station_day WHERE day = ?1 AND "
                                + scope.where(Figures.STATION_ORG))
                .setParameter(1, today)
                .getResultList();
        for (Object[] r : rows) {
            use.put(((Number) r[0]).longValue(), new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()});
        }
        Map<Long, Integer> offline = doors.offlineByStation(scope);
        List<MapStation> items = new ArrayList<>(stations.size());
        for (Station s : stations) {
            long[] u = use.getOrDefault(s.id, new long[2]);
            boolean open = s.hours().isOpenAt(now);
            boolean low = s.waterStock < config.lowStockBottles();
            int doorsOffline = offline.getOrDefault(s.id, 0);
            List<State> states = new ArrayList<>();
            if (doorsOffline > 0) {
                states.add(State.OFFLINE_DOORS);
            }
            if (s.openReports > 0) {
                states.add(State.OPEN_REPORTS);
            }
            if (low) {
                states.add(State.LOW_STOCK);
            }
            if (!open) {
                states.add(State.CLOSED);
            }
            items.add(new MapStation(
                    s.id,
                    s.name,
                    s.type.name(),
                    s.address,
                    s.lat,
                    s.lng,
                    s.orgId,
                    open,
                    s.waterStock,
                    low,
                    s.openReports,
                    doorsOffline,
                    u[0],
                    u[1],
                    u[0] + u[1],
                    states));
        }
        return new Picture(today, config.lowStockBottles(), items);
    }
}
