package dev.zhijia.member;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@Tag("redis")
class EligibilityTest {

    @Inject
    Eligibility eligibility;

    @Inject
    RedisDataSource redis;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void anUnverifiedProfileIsNeverRememberedInMemorySoAVerificationElsewhereCountsAtOnce() throws Exception {
        Fixtures.MemberLogin m = Fixtures.newMember();
        // (its own transaction, as its own request would be: no entity stays cached for the second look)
        assertFalse(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> eligibility.of(m.id()))
                .verified());
        // another replica verifies the member: MySQL changes and it drops the Redis entry
        String card = Fixtures.rosterEntry("李四", "courier", "org-9");
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE member SET roster_id = (SELECT id FROM roster_entry WHERE card_no = ?), verified_at = NOW(3) WHERE id = ?")) {
            ps.setString(1, card);
            ps.setLong(2, m.id());
            assertEquals(1, ps.executeUpdate());
        }
        redis.key().del("{member:" + m.id() + "}:eligibility");
        Eligibility.Profile now = eligibility.ofAsync(m.id()).await().indefinitely();
        assertTrue(now.verified());
        assertEquals("org-9", now.orgId());
    }

    @Test
    void aVerifiedProfileIsRememberedBrieflyAndForgottenOnTheSpot() {
        Fixtures.MemberLogin m = Fixtures.verifiedMember("courier", "org-8");
        assertTrue(eligibility.of(m.id()).verified());
        redis.key().del("{member:" + m.id() + "}:eligibility");
        assertTrue(
                eligibility.ofAsync(m.id()).await().indefinitely().verified(),
                "a tap in the burst needs no Redis read");
        assertTrue(redis.key().exists("{member:" + m.id() + "}:eligibility") == false, "answered from memory");
        eligibility.forget(m.id());
        assertEquals("org-8", eligibility.of(m.id()).orgId());
        assertTrue(redis.key().exists("{member:" + m.id() + "}:eligibility"), "after forget: read through again");
    }

    @Test
    void aVerificationIsForgottenAfterItCommitsSoAClaimInBetweenCachesNothingStale() throws Exception {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String card = Fixtures.rosterEntry("赵六", "courier", "org-10");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            Member member = Member.findById(m.id());
            member.rosterId = RosterEntry.<RosterEntry>find("cardNo", card).firstResult().id;
            member.verifiedAt = java.time.Instant.now();
            member.flush();
            eligibility.forget(m.id());
            // a claim on another thread reads the committed (unverified) row before this commits, and caches it
            assertFalse(java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                                    .call(() -> eligibility.of(m.id())))
                    .join()
                    .verified());
        });
        assertTrue(eligibility.of(m.id()).verified(), "the entry cached in between was dropped after the commit");
    }
}
