package dev.zhijia.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.LuaScript;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RedisLock;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * The stations' copy in Redis: a GEO set for "nearest first" and one JSON document per station, which
 * {@link StationMemory} (what nearby search reads, on each replica) takes other replicas' changes from.
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
    /** id → version of its stored document. */
    static final String VERSIONS = "{stations}:versions";

    private static final Duration REBUILD_LOCK_TTL = Duration.ofMinutes(2);

    // Stores "version|json" unless a newer version is already there (the same version is written again, so a
    // rebuild also restores the sets of documents that survived); "" as json is a deletion. KEYS[1] the doc,
    // KEYS[2] the full GEO set, KEYS[3] the versions hash, KEYS[4] the change count, KEYS[5] the change log, KEYS[6..]
    // the per-type sets; ARGV[6] the index
    // of the station's type among those.
    private static final LuaScript PUT = LuaScript.load("station-put");

    private static final List<String> TYPE_SETS = java.util.Arrays.stream(StationType.values())
            .map(t -> TYPE_GEO + t.name())
            .toList();

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final ObjectMapper json;
    private final RedisLock locks;
    private final StationMemory memory;

    StationIndex(
            RedisDataSource redis,
            ReactiveRedisDataSource reactive,
            ObjectMapper json,
            RedisLock locks,
            StationMemory memory) {
        this.locks = locks;
        this.redis = redis;
        this.reactive = reactive;
        this.json = json;
        this.memory = memory;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) StationChanged change) {
        long count = 0;
        try {
            count = put(change.id(), change.version(), change.doc());
        } catch (RuntimeException e) {
            // MySQL has the change; dropping the marker makes the next check rebuild Redis from it.
            LOG.warnf("station %d not copied to Redis (%s); scheduling a rebuild", change.id(), e.getMessage());
            redis.key().del(GENERATION);
        }
        memory.changedHere(change.id(), change.version(), change.doc(), count);
    }

    /** Writes the station's copy unless a newer one is there: the change's number in {@link StationMemory#COUNT}, or 0. */
    long put(long id, long version, StationDoc doc) {
        String body = "";
        if (doc != null) {
            try {
                body = json.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> keys = new ArrayList<>(5 + TYPE_SETS.size());
        keys.add(DOC + id);
        keys.add(GEO);
        keys.add(VERSIONS);
        keys.add(StationMemory.COUNT);
        keys.add(StationMemory.CHANGE_LOG);
        keys.addAll(TYPE_SETS);
        return PUT.run(
                        redis,
                        keys,
                        Long.toString(version),
                        body,
                        doc == null ? "0" : Double.toString(doc.lng()),
                        doc == null ? "0" : Double.toString(doc.lat()),
                        Long.toString(id),
                        doc == null ? "0" : Integer.toString(doc.type().ordinal() + 1),
                        Integer.toString(StationMemory.LOG_LENGTH))
                .toLong();
    }

    static ProblemException rebuilding() {
        return ProblemException.unavailable(
                StationErrors.STATIONS_REBUILDING, "The station map is being rebuilt; try again in a few seconds");
    }

    /** True when Redis holds a complete copy (the marker is set at the end of each rebuild). */
    public Uni<Boolean> ready() {
        return reactive.key().exists(GENERATION);
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
        int n = Station.forEachInIdOrder(s -> put(s.id, s.version, s.deletedAt == null ? StationDoc.of(s) : null));
        redis.value(String.class).set(GENERATION, Long.toString(System.currentTimeMillis()));
        LOG.infof(
                "station index rebuilt from MySQL: %d stations in %d ms", n, (System.nanoTime() - started) / 1_000_000);
    }
}
