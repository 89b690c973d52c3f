package dev.zhijia.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.LuaScript;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RedisLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

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
    /** One GEO set per station type beside the full one, so a type filter searches only its own kind. */
    static final String TYPE_GEO = "{stations}:geo:";
    /** Bumped when the layout changes (v2: per-type sets), so an older copy counts as lost and is rebuilt. */
    static final String GENERATION = "{stations}:generation:v2";

    static final String REBUILD_LOCK = "{stations}:rebuild-lock";
    static final String DOC = "{stations}:doc:";
    /** id → version of its stored document: what a search reads instead of the documents. */
    static final String VERSIONS = "{stations}:versions";

    private static final int PAGE = 1000;
    private static final Duration REBUILD_LOCK_TTL = Duration.ofMinutes(2);

    // Stores "version|json" unless a newer version is already there (the same version is written again, so a
    // rebuild also restores the sets of documents that survived); "" as json is a deletion. KEYS[1] the doc,
    // KEYS[2] the full GEO set, KEYS[3] the versions hash, KEYS[4..] the per-type sets; ARGV[6] the index
    // of the station's type among those.
    private static final LuaScript PUT = LuaScript.load("station-put");

    // One round trip per search: nil while the copy is incomplete (no generation marker), else for each
    // station nearest first its id, Redis's distance and the version of its stored document (one HMGET).
    // The documents themselves are read only when this replica has not decoded that version yet.
    private static final LuaScript SEARCH = LuaScript.load("station-search");
    private static final List<String> TYPE_SETS = java.util.Arrays.stream(StationType.values())
            .map(t -> TYPE_GEO + t.name())
            .toList();

    public record Hit(StationDoc doc, double distanceMeters) {}

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
        List<String> keys = new ArrayList<>(3 + TYPE_SETS.size());
        keys.add(DOC + id);
        keys.add(GEO);
        keys.add(VERSIONS);
        keys.addAll(TYPE_SETS);
        PUT.run(
                redis,
                keys,
                Long.toString(version),
                body,
                doc == null ? "0" : Double.toString(doc.lng()),
                doc == null ? "0" : Double.toString(doc.lat()),
                Long.toString(id),
                doc == null ? "0" : Integer.toString(doc.type().ordinal() + 1));
    }

    /**
     * Stations within {@code radius} metres, nearest first, by Redis's distance; only of {@code type} when
     * given. The caller refines distances and filters; {@code count} bounds how many candidates come back.
     * Fails with STATIONS_REBUILDING while Redis holds no complete copy.
     */
    Uni<List<Hit>> within(double lat, double lng, double radius, int count, StationType type) {
        List<String> keys = List.of(type == null ? GEO : TYPE_GEO + type.name(), GENERATION, VERSIONS);
        return SEARCH.run(
                        reactive,
                        keys,
                        Double.toString(lng),
                        Double.toString(lat),
                        Double.toString(radius),
                        Integer.toString(count))
                .flatMap(reply -> {
                    if (reply == null) {
                        throw rebuilding();
                    }
                    int n = reply.size() / 3;
                    StationDoc[] docs = new StationDoc[n];
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        long id = reply.get(3 * i).toLong();
                        StationDoc cached = decoded.get(id);
                        if (cached != null
                                && cached.version() == reply.get(3 * i + 2).toLong()) {
                            docs[i] = cached;
                        } else {
                            missing.add(DOC + id);
                        }
                    }
                    if (missing.isEmpty()) {
                        return Uni.createFrom().item(hits(reply, docs));
                    }
                    return reactive.value(String.class)
                            .mget(missing.toArray(String[]::new))
                            .map(stored -> {
                                for (int i = 0; i < n; i++) {
                                    if (docs[i] == null) {
                                        docs[i] = decode(
                                                reply.get(3 * i).toLong(),
                                                stored.get(
                                                        DOC + reply.get(3 * i).toString()));
                                    }
                                }
                                return hits(reply, docs);
                            });
                });
    }

    private static List<Hit> hits(Response reply, StationDoc[] docs) {
        List<Hit> hits = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            if (docs[i] != null) {
                hits.add(new Hit(docs[i], reply.get(3 * i + 1).toDouble()));
            }
        }
        return hits;
    }

    static ProblemException rebuilding() {
        return ProblemException.unavailable(
                StationErrors.STATIONS_REBUILDING, "The station map is being rebuilt; try again in a few seconds");
    }

    /** True when Redis holds a complete copy (the marker is set at the end of each rebuild). */
    public Uni<Boolean> ready() {
        return reactive.key().exists(GENERATION);
    }

    /**
     * Decoding a station's JSON is most of a nearby query's CPU, so each replica keeps the decoded
     * document of every version it has seen. Redis still answers every query (ids, distances and the
     * current version come with each search), so a changed station is never served stale.
     */
    private StationDoc decode(long id, String stored) {
        int bar = stored == null ? -1 : stored.indexOf('|');
        if (bar < 0 || bar == stored.length() - 1) {
            return null; // gone, or deleted since the search
        }
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
                    .call(() -> Station.<Station>find("id > ?1 order by id", from)
                            .range(0, PAGE - 1)
                            .list());
            for (Station s : page) {
                put(s.id, s.version, s.deletedAt == null ? StationDoc.of(s) : null);
                after = s.id;
                n++;
            }
        } while (page.size() == PAGE);
        redis.value(String.class).set(GENERATION, Long.toString(System.currentTimeMillis()));
        LOG.infof(
                "station index rebuilt from MySQL: %d stations in %d ms", n, (System.nanoTime() - started) / 1_000_000);
    }
}
