package dev.zhijia.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RedisLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.geo.GeoSearchArgs;
import io.quarkus.redis.datasource.geo.GeoUnit;
import io.quarkus.redis.datasource.geo.GeoValue;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The stations' copy in Redis: a GEO set for "nearest first" and one JSON document per station.
 * MySQL stays the truth. Every change reaches Redis after its commit, guarded by the station's
 * version so that two replicas writing out of order cannot leave an older copy behind; and when
 * Redis has lost the copy (no generation marker), one replica rebuilds it from MySQL.
 * All keys share the {@code {stations}} hash tag, so scripts and MGET work on Redis Cluster.
 */
@ApplicationScoped
public class StationIndex {

    private static final Logger LOG = Logger.getLogger(StationIndex.class);
    static final String GEO = "{stations}:geo";
    static final String GENERATION = "{stations}:generation";
    static final String REBUILD_LOCK = "{stations}:rebuild-lock";
    static final String DOC = "{stations}:doc:";
    private static final int PAGE = 1000;
    private static final Duration REBUILD_LOCK_TTL = Duration.ofMinutes(2);

    // Stores "version|json" unless a newer version is already there; "" as json is a deletion.
    private static final String PUT = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local v = tonumber(string.match(cur, '^(%d+)|'))
              if v and v >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
            if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[5])
            else redis.call('GEOADD', KEYS[2], ARGV[3], ARGV[4], ARGV[5]) end
            return 1""";

    public record Hit(StationDoc doc, double distanceMeters) {
    }

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final ObjectMapper json;
    private final RedisLock locks;
    private final Map<Long, StationDoc> decoded = new ConcurrentHashMap<>();

    StationIndex(RedisDataSource redis, ReactiveRedisDataSource reactive, ObjectMapper json, RedisLock locks) {
        this.locks = locks;
        this.redis = redis;
        this.reactive = reactive;
        this.json = json;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) StationChanged change) {
        try {
            put(change.id(), change.version(), change.doc());
        } catch (RuntimeException e) {
            // MySQL has the change; dropping the marker makes the next check rebuild Redis from it.
            LOG.warnf("station %d not copied to Redis (%s); scheduling a rebuild", change.id(), e.getMessage());
            redis.key().del(GENERATION);
        }
    }

    void put(long id, long version, StationDoc doc) {
        String body = "";
        if (doc != null) {
            try {
                body = json.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        redis.execute("EVAL", PUT, "2", DOC + id, GEO, Long.toString(version), body,
                doc == null ? "0" : Double.toString(doc.lng()), doc == null ? "0" : Double.toString(doc.lat()), Long.toString(id));
    }

    /**
     * Stations within {@code radius} metres, nearest first, by Redis's distance. The caller refines
     * distances and filters; {@code count} bounds how many candidates come back.
     */
    Uni<List<Hit>> within(double lat, double lng, double radius, int count) {
        GeoSearchArgs<String> args = new GeoSearchArgs<String>().fromCoordinate(lng, lat).byRadius(radius, GeoUnit.M)
                .ascending().count(count).withDistance();
        return reactive.geo(String.class).geosearch(GEO, args).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<Hit>of());
            }
            // the generation marker rides along (same hash slot): without it the copy may be half rebuilt
            String[] keys = new String[found.size() + 1];
            for (int i = 0; i < found.size(); i++) {
                keys[i] = DOC + found.get(i).member();
            }
            keys[found.size()] = GENERATION;
            return reactive.value(String.class).mget(keys).map(docs -> {
                if (docs.get(GENERATION) == null) {
                    throw rebuilding();
                }
                return hits(found, docs);
            });
        });
    }

    static ProblemException rebuilding() {
        return ProblemException.unavailable("STATIONS_REBUILDING", "The station map is being rebuilt; try again in a few seconds");
    }

    /** True when Redis holds a complete copy (the marker is set at the end of each rebuild). */
    public Uni<Boolean> ready() {
        return reactive.key().exists(GENERATION);
    }

    private List<Hit> hits(List<GeoValue<String>> found, Map<String, String> docs) {
        List<Hit> hits = new ArrayList<>(found.size());
        for (GeoValue<String> g : found) {
            String stored = docs.get(DOC + g.member());
            int bar = stored == null ? -1 : stored.indexOf('|');
            if (bar < 0 || bar == stored.length() - 1) {
                continue;
            }
            StationDoc doc = decode(Long.parseLong(g.member()), stored, bar);
            if (doc != null) {
                hits.add(new Hit(doc, g.distance().orElse(0)));
            }
        }
        return hits;
    }

    /**
     * Decoding a station's JSON is most of a nearby query's CPU, so each replica keeps the decoded
     * document of every version it has seen. Redis still answers every query (ids, distances and the
     * version prefix come with each read), so a changed station is never served stale.
     */
    private StationDoc decode(long id, String stored, int bar) {
        long version = Long.parseLong(stored, 0, bar, 10);
        StationDoc cached = decoded.get(id);
        if (cached != null && cached.version() == version) {
            return cached;
        }
        try {
            StationDoc doc = json.readValue(stored.substring(bar + 1), StationDoc.class);
            decoded.put(id, doc);
            return doc;
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable station doc %d", id);
            return null;
        }
    }

    void onStart(@Observes StartupEvent event) {
        rebuildIfLost();
    }

    /** Every replica checks; the lock lets one of them rebuild. */
    @Scheduled(every = "${zhijia.stations.index-check:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void rebuildIfLost() {
        try {
            if (redis.key().exists(GENERATION)) {
                return;
            }
            String token = locks.tryAcquire(REBUILD_LOCK, REBUILD_LOCK_TTL);
            if (token == null) {
                return; // another replica is rebuilding
            }
            try {
                rebuild();
            } finally {
                locks.release(REBUILD_LOCK, token);
            }
        } catch (RuntimeException e) {
            LOG.warnf("station index check failed: %s", e.getMessage());
        }
    }

    void rebuild() {
        long started = System.nanoTime();
        int n = 0;
        long after = 0;
        List<Station> page;
        do {
            final long from = after;
            page = QuarkusTransaction.requiringNew()
                    .call(() -> Station.<Station>find("id > ?1 order by id", from).range(0, PAGE - 1).list());
            for (Station s : page) {
                put(s.id, s.version, s.deletedAt == null ? StationDoc.of(s) : null);
                after = s.id;
                n++;
            }
        } while (page.size() == PAGE);
        redis.value(String.class).set(GENERATION, Long.toString(System.currentTimeMillis()));
        LOG.infof("station index rebuilt from MySQL: %d stations in %d ms", n, (System.nanoTime() - started) / 1_000_000);
    }
}
