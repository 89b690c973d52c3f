package dev.zhijia.notify;

import java.time.Duration;
import java.util.List;

import dev.zhijia.campaign.CampaignTestData;
import dev.zhijia.helpdesk.HelpdeskTestData;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.campaign.CampaignTestData.admin;
import static dev.zhijia.campaign.CampaignTestData.audience;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two running instances of the service — this test's and a second JVM on another port ({@link SecondReplica}) —
 * sharing MySQL and Redis: an event published through either reaches sockets held by both.
 */
@QuarkusTest
@Tag("redis")
class CrossReplicaLiveTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static SecondReplica replica;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        long started = System.nanoTime();
        replica = SecondReplica.start(SecondReplica.sharedStores());
        System.out.printf(
                "second replica ready on port %d after %d ms%n",
                replica.port, (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void anEventPublishedOnEitherReplicaReachesSocketsOnBoth() {
        assertTrue(replica.port != RestAssured.port);
        String org = Fixtures.unique("org-x");
        List<BulkMembers.Member> members = BulkMembers.verified(2, "driver", org);
        String audience = audience(List.of(), List.of(org));
        try (LiveClient here =
                        LiveClient.withHeader(RestAssured.port, members.get(0).token(), null);
                LiveClient there =
                        LiveClient.withHeader(replica.port, members.get(1).token(), null)) {
            // published through this instance
            long first = CampaignTestData.create(CampaignTestData.notice("跨副本一", audience))
                    .getLong("id");
            long t0 = System.nanoTime();
            CampaignTestData.publish(first);
            long hereMs = (here.awaitCampaign(first, WAIT).receivedNanos() - t0) / 1_000_000;
            long thereMs = (there.awaitCampaign(first, WAIT).receivedNanos() - t0) / 1_000_000;
            System.out.printf("published on A: socket on A after %d ms, socket on B after %d ms%n", hereMs, thereMs);
            assertTrue(thereMs <= 1000, "the other replica's socket got it after " + thereMs + " ms");

            // published through the second replica
            long second = given().baseUri("http://127.0.0.1")
                    .port(replica.port)
                    .auth()
                    .oauth2(admin())
                    .contentType(ContentType.JSON)
                    .body(CampaignTestData.notice("跨副本二", audience))
                    .post("/api/v1/admin/campaigns")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("id");
            t0 = System.nanoTime();
            given().baseUri("http://127.0.0.1")
                    .port(replica.port)
                    .auth()
                    .oauth2(admin())
                    .post("/api/v1/admin/campaigns/" + second + "/publish")
                    .then()
                    .statusCode(200);
            hereMs = (here.awaitCampaign(second, WAIT).receivedNanos() - t0) / 1_000_000;
            thereMs = (there.awaitCampaign(second, WAIT).receivedNanos() - t0) / 1_000_000;
            System.out.printf("published on B: socket on A after %d ms, socket on B after %d ms%n", hereMs, thereMs);
            assertTrue(hereMs <= 1000, "this replica's socket got it after " + hereMs + " ms");
        }
    }

    @Test
    void aCaseworkersConsoleSocketOnTheOtherReplicaHearsOfTheirCaseAndClosesWhenDisabled() {
        String org = HelpdeskTestData.org();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", org);
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        long caseId = HelpdeskTestData.file(member);
        HelpdeskTestData.assign(admin(), caseId, worker.id()).statusCode(200);
        try (LiveClient there = LiveClient.console(replica.port, worker.accessToken(), null)) {
            HelpdeskTestData.say(member.accessToken(), caseId, "跨副本留言").statusCode(201);
            long answered = System.nanoTime();
            LiveClient.Frame f = there.awaitType("case", WAIT);
            long ms = (f.receivedNanos() - answered) / 1_000_000;
            System.out.printf("member's message on A: caseworker's socket on B %d ms after the answer%n", ms);
            assertEquals(caseId, f.json().getLong("caseId"));
            assertEquals("MESSAGE", f.json().getString("action"));
            assertTrue(ms <= 1000, "the other replica's console socket got it " + ms + " ms after the answer");

            Fixtures.asAdmin()
                    .post("/api/v1/admin/staff/" + worker.id() + "/disable")
                    .then()
                    .statusCode(200);
            assertEquals(1008, there.awaitClose(WAIT), "disabled on A: the socket on B closes");
        }
    }

    @Test
    void aClientThatReconnectsToTheOtherReplicaResumesWhereItStopped() {
        String org = Fixtures.unique("org-x");
        BulkMembers.Member m = BulkMembers.verified(1, "driver", org).get(0);
        String audience = audience(List.of(), List.of(org));
        String seen;
        try (LiveClient there = LiveClient.withHeader(replica.port, m.token(), null)) {
            long first = CampaignTestData.published(CampaignTestData.notice("断线前", audience));
            seen = there.awaitCampaign(first, WAIT).json().getString("id");
        }
        long missed = CampaignTestData.published(CampaignTestData.notice("断线期间", audience));
        CampaignTestData.awaitFanout(missed, 30_000);
        try (LiveClient here = LiveClient.withHeader(RestAssured.port, m.token(), "lastEventId=" + seen)) {
            assertEquals(1, here.replayed.size());
            assertEquals(missed, here.replayed.get(0).json().getLong("campaign.id"));
        }
    }
}
