package dev.zhijia.campaign;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static dev.zhijia.campaign.CampaignTestData.audience;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fan-out to 50,000 members: written in member-id chunks, each its own short transaction, nothing
 * per-member held in memory; exactly once even when extra workers race over the same campaign.
 * Time and heap are printed, not asserted.
 */
@QuarkusTest
@Tag("redis")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutTest {

    private static final int AUDIENCE = 50_000;
    private static final int OUTSIDERS = 5_000;

    @Inject
    AgroalDataSource db;

    @Inject
    FanOut fanOut;

    private String tag;

    @BeforeAll
    void manyMembers() throws SQLException {
        tag = Fixtures.unique("fan-");
        long started = System.nanoTime();
        String cards = Fixtures.unique("F") + "-";
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO roster_entry (card_no, name, org_id, tags, source, created_at, updated_at)"
                            + " VALUES (?, '职工', 'org-fan', ?, 'IMPORT', ?, ?)")) {
                for (int i = 0; i < AUDIENCE + OUTSIDERS; i++) {
                    ps.setString(1, cards + i);
                    // every 11th member is outside the audience, spread over the whole id range
                    ps.setString(2, i % 11 == 10 && i / 11 < OUTSIDERS ? "outsider" : tag);
                    ps.setTimestamp(3, now);
                    ps.setTimestamp(4, now);
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement tags = c.prepareStatement(
                            "INSERT INTO roster_tag (roster_id, tag) SELECT id, tags FROM roster_entry WHERE card_no LIKE ?");
                    PreparedStatement members = c.prepareStatement(
                            "INSERT INTO member (openid, nickname, roster_id, verified_at, created_at)"
                                    + " SELECT CONCAT('fan-', card_no), '职工', id, ?, ? FROM roster_entry WHERE card_no LIKE ? ORDER BY id")) {
                tags.setString(1, cards + "%");
                tags.executeUpdate();
                members.setTimestamp(1, now);
                members.setTimestamp(2, now);
                members.setString(3, cards + "%");
                members.executeUpdate();
            }
            c.commit();
        }
        System.out.printf(
                "created %d members in %d ms%n", AUDIENCE + OUTSIDERS, (System.nanoTime() - started) / 1_000_000);
    }

    private long count(String sql, long campaignId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, campaignId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void fiftyThousandInboxEntriesInShortChunks() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                CampaignTestData.sleep(20);
            }
        });
        sampler.start();

        long id = CampaignTestData.create(CampaignTestData.notice("夏送清凉·全市推送", audience(List.of(tag), List.of())))
                .getLong("id");
        long started = System.nanoTime();
        CampaignTestData.publish(id);
        long publishMillis = (System.nanoTime() - started) / 1_000_000;
        TreeSet<Integer> progress = new TreeSet<>();
        JsonPath done;
        while (true) {
            JsonPath d = io.restassured.RestAssured.given()
                    .auth()
                    .oauth2(CampaignTestData.admin())
                    .get("/api/v1/admin/campaigns/" + id + "/delivery")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            progress.add(d.getInt("inboxDelivered"));
            if (d.getBoolean("fanoutDone")) {
                done = d;
                break;
            }
            if ((System.nanoTime() - started) / 1_000_000_000L > 300) {
                throw new AssertionError("fan-out did not finish in 5 minutes: " + d.prettify());
            }
            CampaignTestData.sleep(25);
        }
        long fanoutMillis = (System.nanoTime() - started) / 1_000_000;
        sampling.set(false);
        sampler.join();
        System.out.printf(
                "fan-out to %d members: publish answered in %d ms, all inbox entries in %d ms (%.0f/s); heap used %d MB before,"
                        + " peak %d MB during (sampled every 20 ms, includes the test's own HTTP polling); progress seen: %d distinct counts %s%n",
                AUDIENCE,
                publishMillis,
                fanoutMillis,
                AUDIENCE * 1000.0 / fanoutMillis,
                heapBefore >> 20,
                peak.get() >> 20,
                progress.size(),
                progress.size() > 12 ? progress.headSet(progress.first() + 1) + "..." + progress.last() : progress);

        assertEquals(AUDIENCE, done.getInt("inboxDelivered"));
        assertEquals(AUDIENCE, count("SELECT COUNT(*) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?", id));
        assertEquals(
                AUDIENCE,
                count(
                        "SELECT COUNT(DISTINCT member_id) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?",
                        id));
        assertEquals(
                0,
                count(
                        "SELECT COUNT(*) FROM inbox_message i JOIN member m ON m.id = i.member_id JOIN roster_entry r ON r.id = m.roster_id"
                                + " WHERE i.ref_id = ? AND r.tags = 'outsider'",
                        id));
    }

    @Test
    void workersRacingOverOneCampaignStillDeliverEachEntryOnce() throws Exception {
        long id = CampaignTestData.create(CampaignTestData.notice("送温暖·重复投递检查", audience(List.of(tag), List.of())))
                .getLong("id");
        CampaignTestData.publish(id); // starts the regular worker
        ExecutorService racers = Executors.newFixedThreadPool(3);
        try {
            // three more workers that skip the Redis lock and call the chunk step directly
            List<Future<Integer>> lost = racers.invokeAll(List.of(() -> race(id), () -> race(id), () -> race(id)));
            int collisions = 0;
            for (Future<Integer> f : lost) {
                collisions += f.get();
            }
            CampaignTestData.awaitFanout(id, 300_000);
            System.out.printf(
                    "racing fan-out workers: %d chunk attempts rolled back because another worker had delivered them%n",
                    collisions);
        } finally {
            racers.shutdownNow();
        }
        assertEquals(AUDIENCE, count("SELECT COUNT(*) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?", id));
        assertEquals(
                AUDIENCE,
                count(
                        "SELECT COUNT(DISTINCT member_id) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?",
                        id));
        assertEquals(AUDIENCE, count("SELECT fanout_delivered FROM campaign WHERE id = ?", id));
    }

    private int race(long id) {
        int lost = 0;
        for (int i = 0; i < 10_000; i++) {
            FanOut.Step step = fanOut.chunk(id);
            if (step == FanOut.Step.DONE) {
                break;
            }
            lost += step == FanOut.Step.LOST ? 1 : 0;
        }
        return lost;
    }
}
