package dev.zhijia.station;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.GeoGrid;
import dev.zhijia.common.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

/**
 * The station map inside each replica, for nearby search without reading a station from Redis: every live
 * station's document in a {@link GeoGrid} (one for all, one per type). Versioned like the job index: every
 * write of the Redis copy ({@link StationIndex}, after the change's commit) counts once in
 * {@code {stations}:changes} and appends the station's id to {@code {stations}:change-log} (the last
 * {@value #LOG_LENGTH}). A search reads the count with the copy's marker (one MGET): equal to what this
 * replica has applied, it answers from memory; ahead, this replica first reads the stations the log names
 * since (another replica's changes), or loads everything from MySQL when the log no longer reaches back (a
 * rebuilt Redis copy, a long outage). A change made on this replica is applied here as it is written to
 * Redis, so it is visible at once. Station versions decide between two copies of one station, so changes may
 * arrive in any order. While Redis has no complete copy (no marker) search answers STATIONS_REBUILDING, as
 * before.
 * <p>
 * A change rebuilds the grids (copy on write: milliseconds for 10,000 stations; stations change at the pace
 * of staff, reports and reviews, not of searches).
 */
@ApplicationScoped
public class StationMemory {

    private static final Logger LOG = Logger.getLogger(StationMemory.class);
    static final String COUNT = "{stations}:changes";
    static final String CHANGE_LOG = "{stations}:change-log";
    static final int LOG_LENGTH = 1000;
    /** 0.01° cells (≈ 1.1 km by 0.95 km here): a 1500 m search visits about 16 cells. */
    private static final double CELL_DEGREES = 0.01;

    private static final LuaScript CHANGES = LuaScript.load("station-changes");

    /** One change of one station; {@code doc} null: deleted. */
    private record Change(long id, long version, StationDoc doc) {}

    /**
     * A consistent copy with every change up to {@code applied} of the Redis copy of {@code generation} (its
     * marker: counts start again when Redis loses its copy); {@code versions} holds deleted stations' too.
     */
    static final class Snapshot {
        final long applied;
        final String generation;
        private final Map<Long, StationDoc> docs;
        private final Map<Long, Long> versions;
        private final GeoGrid<StationDoc> all;
        private final Map<StationType, GeoGrid<StationDoc>> byType = new EnumMap<>(StationType.class);

        private Snapshot(long applied, String generation, Map<Long, StationDoc> docs, Map<Long, Long> versions) {
            this.applied = applied;
            this.generation = generation;
            this.docs = docs;
            this.versions = versions;
            GeoGrid.Builder<StationDoc> everything = GeoGrid.builder(CELL_DEGREES);
            Map<StationType, GeoGrid.Builder<StationDoc>> types = new EnumMap<>(StationType.class);
            for (StationDoc d : docs.values()) {
                everything.add(d.lat(), d.lng(), d);
                types.computeIfAbsent(d.type(), t -> GeoGrid.builder(CELL_DEGREES))
                        .add(d.lat(), d.lng(), d);
            }
            this.all = everything.build();
            types.forEach((t, b) -> byType.put(t, b.build()));
        }

        /** Every station of {@code type} (all when null) in a grid cell the box touches: a superset the caller measures. */
        void forEachCandidate(Geo.Box box, StationType type, Consumer<StationDoc> each) {
            GeoGrid<StationDoc> grid = type == null ? all : byType.get(type);
            if (grid != null) {
                grid.forEachCandidate(box.minLat(), box.maxLat(), box.minLng(), box.maxLng(), each);
            }
        }

        /** This copy with the changes that are newer than what it holds, as of change {@code upTo}. */
        Snapshot with(long upTo, List<Change> changes) {
            Map<Long, StationDoc> d = new HashMap<>(docs);
            Map<Long, Long> v = new HashMap<>(versions);
            for (Change c : changes) {
                Long known = v.get(c.id());
                if (known != null && known >= c.version()) {
                    continue;
                }
                v.put(c.id(), c.version());
                if (c.doc() == null) {
                    d.remove(c.id());
                } else {
                    d.put(c.id(), c.doc());
                }
            }
            return new Snapshot(upTo, generation, d, v);
        }
    }

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final ObjectMapper json;
    private final Object changing = new Object();
    private volatile Snapshot copy;

    StationMemory(RedisDataSource redis, ReactiveRedisDataSource reactive, ObjectMapper json) {
        this.redis = redis;
        this.reactive = reactive;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            load();
        } catch (RuntimeException e) {
            LOG.warnf("station memory not loaded at start (%s); the first search loads it", e.getMessage());
        }
    }

    /**
     * The copy, as current as Redis's count (one MGET on the event loop; catching up, when needed, on a
     * worker). STATIONS_REBUILDING while Redis holds no complete copy.
     */
    Uni<Snapshot> current() {
        return reactive.value(String.class).mget(StationIndex.GENERATION, COUNT).flatMap(m -> {
            String generation = m.get(StationIndex.GENERATION);
            if (generation == null) {
                throw StationIndex.rebuilding();
            }
            Snapshot c = copy;
            if (c != null && c.applied == parse(m.get(COUNT)) && generation.equals(c.generation)) {
                return Uni.createFrom().item(c);
            }
            return Uni.createFrom().item(this::catchUp).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    /**
     * A change made on this replica, written to Redis as change number {@code count} (0: not written there):
     * applied here at once; it also completes the copy when it is the next change.
     */
    void changedHere(long id, long version, StationDoc doc, long count) {
        synchronized (changing) {
            Snapshot c = copy;
            if (c != null) {
                copy = c.with(count == c.applied + 1 ? count : c.applied, List.of(new Change(id, version, doc)));
            }
        }
    }

    /** Reads what the log says changed since this copy, or everything from MySQL when it does not reach back. */
    private Snapshot catchUp() {
        synchronized (changing) {
            Snapshot c = copy;
            if (c == null) {
                return load();
            }
            Response r =
                    CHANGES.run(redis, List.of(COUNT, CHANGE_LOG, StationIndex.GENERATION), Long.toString(c.applied));
            long count = r.get(0).toLong();
            if (!r.get(1).toString().equals(c.generation)) {
                return load(); // Redis rebuilt its copy: its counts started again
            }
            if (count == c.applied) {
                return c;
            }
            if (r.size() == 2) {
                return load();
            }
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 2; i < r.size(); i++) {
                ids.add(StationIndex.DOC + r.get(i).toString());
            }
            Map<String, String> stored = redis.value(String.class).mget(ids.toArray(String[]::new));
            List<Change> changes = new ArrayList<>(ids.size());
            for (String key : ids) {
                Change change = decode(Long.parseLong(key.substring(StationIndex.DOC.length())), stored.get(key));
                if (change == null) {
                    return load(); // gone from Redis meanwhile: MySQL is the truth
                }
                changes.add(change);
            }
            copy = c.with(count, changes);
            return copy;
        }
    }

    /** {@code version|json} as Redis stores it ("" as json: deleted); null if unreadable. */
    private Change decode(long id, String stored) {
        int bar = stored == null ? -1 : stored.indexOf('|');
        if (bar < 0) {
            return null;
        }
        try {
            long version = Long.parseLong(stored.substring(0, bar));
            String body = stored.substring(bar + 1);
            return new Change(id, version, body.isEmpty() ? null : json.readValue(body, StationDoc.class));
        } catch (JsonProcessingException | NumberFormatException e) {
            LOG.warnf("unreadable station doc %d", id);
            return null;
        }
    }

    private static long parse(String count) {
        return count == null ? 0 : Long.parseLong(count);
    }

    /** Reads every station from MySQL; the count was read before, so every change it counts is in. */
    Snapshot load() {
        synchronized (changing) {
            long started = System.nanoTime();
            Map<String, String> at = redis.value(String.class).mget(StationIndex.GENERATION, COUNT);
            long count = parse(at.get(COUNT));
            Map<Long, StationDoc> docs = new HashMap<>();
            Map<Long, Long> versions = new HashMap<>();
            Station.forEachInIdOrder(s -> {
                versions.put(s.id, s.version);
                if (s.deletedAt == null) {
                    docs.put(s.id, StationDoc.of(s));
                }
            });
            copy = new Snapshot(count, at.get(StationIndex.GENERATION), docs, versions);
            LOG.debugf(
                    "station memory loaded at change %d: %d stations in %d ms",
                    count, docs.size(), (System.nanoTime() - started) / 1_000_000);
            return copy;
        }
    }
}
