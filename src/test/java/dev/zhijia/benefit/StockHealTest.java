package dev.zhijia.benefit;

import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.member.Eligibility;
import dev.zhijia.testsupport.BulkMembers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconciler's stock heal is a compare-and-set: a claim confirmed between its MySQL read and its write wins. */
@QuarkusTest
class StockHealTest {

    @Inject
    ClaimGate gate;

    @Inject
    RedisDataSource redis;

    private static void claim(long benefit, BulkMembers.Member m) {
        given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201);
    }

    private String stock(long benefit) {
        return redis.value(String.class).get("{benefit:" + benefit + "}:stock");
    }

    @Test
    void aHealThatReadMySqlBeforeAClaimLeavesTheClaimsStock() {
        long benefit = BenefitTestData.openBenefit(5, "");
        List<BulkMembers.Member> m = BulkMembers.verified(2, "", null);
        claim(benefit, m.get(0));
        // the heal's reading: Redis (no claim in flight), then MySQL — 4 left
        String seen = gate.settledStock(benefit);
        assertEquals("4", seen);
        int leftInMySql = 4;
        claim(benefit, m.get(1)); // a claim reserves, commits and confirms in between: 3 left
        assertFalse(gate.healStock(benefit, seen, leftInMySql), "the stale reading is not written");
        assertEquals("3", stock(benefit));

        // a stock that is really off (set by hand here) is healed
        redis.value(String.class).set("{benefit:" + benefit + "}:stock", "7");
        assertTrue(gate.healStock(benefit, gate.settledStock(benefit), 3));
        assertEquals("3", stock(benefit));
    }

    @Test
    void noHealWhileAReservationIsInFlight() {
        long benefit = BenefitTestData.openBenefit(5, "");
        BulkMembers.Member m = BulkMembers.verified(1, "", null).get(0);
        claim(benefit, m); // loads the benefit into Redis
        BulkMembers.Member other = BulkMembers.verified(1, "", null).get(0);
        ClaimGate.Decision d = gate.tryReserve(
                benefit, other.id(), System.currentTimeMillis(), new Eligibility.Profile(true, null, List.of()));
        assertEquals(ClaimGate.Outcome.RESERVED, d.outcome());
        assertNull(gate.settledStock(benefit));
        gate.release(benefit, other.id(), d.reservation());
    }
}
