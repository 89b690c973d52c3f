package dev.zhijia.benefit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StationMap;
import dev.zhijia.testsupport.TestRedis;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sold-out taps answered from this replica's memory ({@link SoldOutFlags}): the same answers the gate gives
 * (winners their claim, the ineligible NOT_ELIGIBLE, after the close BENEFIT_CLOSED), a unit returned on
 * another replica claimable here within a second of its pub/sub message, and no wrong SOLD_OUT beyond the
 * memory's expiry when the message never comes (Redis emptied).
 */
@QuarkusTest
@Tag("redis")
class SoldOutFlagsTest {

    @Inject
    SoldOutFlags flags;

    @Inject
    ClaimGate gate;

    @Inject
    BenefitConfig config;

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ShiftableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        StationMap.awaitRebuilt();
    }

    private static ValidatableResponse tap(long benefit, BulkMembers.Member m) {
        return given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then();
    }

    private static long win(long benefit, BulkMembers.Member m) {
        return tap(benefit, m).statusCode(201).extract().jsonPath().getLong("claimId");
    }

    private void soldOutHere(long benefit, BulkMembers.Member loser) {
        tap(benefit, loser).statusCode(409).body("code", is("BENEFIT_SOLD_OUT"));
        await().atMost(Duration.ofSeconds(5)).until(() -> flags.flagged(benefit));
    }

    @Test
    void underTheFlagEveryoneGetsTheGatesAnswerAndAReturnedUnitIsClaimableWithinASecond() throws Exception {
        String tag = Fixtures.unique("so");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        long benefit = BenefitTestData.create(BenefitTestData.body(
                Fixtures.unique("售罄"),
                2,
                now.minusSeconds(1),
                now.plusHours(1),
                "",
                "{\"tags\":[\"" + tag + "\"],\"orgIds\":[]}"));
        List<BulkMembers.Member> members = BulkMembers.verified(3, tag, "org-1");
        BulkMembers.Member a = members.get(0);
        BulkMembers.Member b = members.get(1);
        BulkMembers.Member c = members.get(2);
        BulkMembers.Member outsider = BulkMembers.verified(1, "driver", "org-1").get(0);
        long aClaim = win(benefit, a);
        long bClaim = win(benefit, b);
        soldOutHere(benefit, c);

        // winners get their claim back, whichever path the tap takes
        tap(benefit, a).statusCode(409).body("code", is("ALREADY_CLAIMED")).body("claimId", is((int) aClaim));
        given().auth()
                .oauth2(b.token())
                .header("Idempotency-Key", Fixtures.unique("k"))
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_CLAIMED"))
                .body("claimId", is((int) bClaim));
        tap(benefit, outsider).statusCode(403).body("code", is("NOT_ELIGIBLE"));
        assertTrue(flags.flagged(benefit));

        // Another replica cancels b's claim: MySQL and Redis as its cancel leaves them, but its message not yet sent.
        // The benefit's lock keeps this replica's reconciler off while the two stores are changed one after the other.
        String lock = gate.lock(benefit, Duration.ofSeconds(20));
        try {
            exec("UPDATE benefit_claim SET status = 'CANCELLED', live_member_id = NULL, live_code = NULL,"
                    + " cancelled_at = NOW(6) WHERE id = " + bClaim);
            exec("UPDATE benefit SET claimed_count = claimed_count - 1, sold_out_at = NULL WHERE id = " + benefit);
            String p = ClaimGate.prefix(benefit);
            redis.execute("HDEL", p + "members", Long.toString(b.id()));
            redis.execute("INCR", p + "stock");
            // still answered from memory: the gate itself would reserve the unit now
            tap(benefit, c).statusCode(409).body("code", is("BENEFIT_SOLD_OUT"));
        } finally {
            gate.unlock(benefit, lock);
        }

        // the other replica's message, on a connection of its own: from then on, claimable here within 1 s
        redis.pubsub(String.class).publish(SoldOutFlags.CHANNEL, Long.toString(benefit));
        assertClaimableWithin(Duration.ofSeconds(1), benefit, c);

        // sold out again: the new flag still knows every winner, and the close comes before SOLD_OUT as in the gate
        soldOutHere(benefit, b);
        tap(benefit, a).statusCode(409).body("code", is("ALREADY_CLAIMED")).body("claimId", is((int) aClaim));
        clock.shift(Duration.ofHours(2));
        tap(benefit, b).statusCode(409).body("code", is("BENEFIT_CLOSED"));
    }

    /** One unit, won by {@code winner}; {@code loser}'s tap made it sold out on this replica. */
    private record OneUnit(long benefit, BulkMembers.Member winner, long claim, BulkMembers.Member loser) {

        static OneUnit soldOut() {
            long benefit = BenefitTestData.openBenefit(1, "");
            List<BulkMembers.Member> two = BulkMembers.verified(2, "", null);
            return new OneUnit(benefit, two.get(0), win(benefit, two.get(0)), two.get(1));
        }

        void cancel() {
            given().auth()
                    .oauth2(winner.token())
                    .delete("/api/v1/me/claims/" + claim)
                    .then()
                    .statusCode(204);
        }
    }

    @Test
    void aCancelOnThisReplicaClearsTheFlagAtOnce() {
        OneUnit u = OneUnit.soldOut();
        soldOutHere(u.benefit(), u.loser());
        u.cancel();
        win(u.benefit(), u.loser());
    }

    @Test
    void withRedisEmptiedAndNoMessageTheFlagStopsAnsweringAtItsExpiry() {
        OneUnit u = OneUnit.soldOut();
        soldOutHere(u.benefit(), u.loser());
        TestRedis.flush();
        u.cancel(); // finds nothing to release in Redis, so no message goes out; MySQL has the unit back
        assertClaimableWithin(config.soldOutMemory().plusSeconds(1), u.benefit(), u.loser());
    }

    /** Taps from now on until the member wins, which must happen within {@code limit}. */
    private static void assertClaimableWithin(Duration limit, long benefit, BulkMembers.Member m) {
        long from = System.nanoTime();
        List<Integer> answers = new ArrayList<>();
        int status;
        do {
            status = tap(benefit, m).extract().statusCode();
            answers.add(status);
        } while (status != 201
                && System.nanoTime() - from < limit.plusSeconds(2).toNanos());
        long took = System.nanoTime() - from;
        assertTrue(
                status == 201 && took < limit.toNanos(),
                "claimable after " + Duration.ofNanos(took).toMillis() + " ms; answers " + answers);
    }

    private void exec(String sql) throws Exception {
        try (var conn = dataSource.getConnection();
                var s = conn.createStatement()) {
            s.execute(sql);
        }
    }
}
