package dev.zhijia.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import dev.zhijia.campaign.CampaignTestData;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.campaign.CampaignTestData.admin;
import static dev.zhijia.campaign.CampaignTestData.audience;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /me/live}: delivery, authentication, audience, resume, pings — on the running server with a real WebSocket client. */
@QuarkusTest
@Tag("redis")
class LiveTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    LiveEvents events;

    private static int port() {
        return RestAssured.port;
    }

    private static BulkMembers.Member member(String org) {
        return BulkMembers.verified(1, "courier", org).get(0);
    }

    private static String liveEventId(long campaignId) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String id = given().auth()
                    .oauth2(admin())
                    .get("/api/v1/admin/campaigns/" + campaignId + "/delivery")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("liveEventId");
            if (id != null) {
                return id;
            }
            CampaignTestData.sleep(20);
        }
        throw new AssertionError("campaign " + campaignId + " was not pushed live");
    }

    @Test
    void aPublishedCampaignReachesAnOpenSocketWithinOneSecond() {
        String org = Fixtures.unique("org-live");
        BulkMembers.Member m = member(org);
        try (LiveClient client = LiveClient.withHeader(port(), m.token(), null)) {
            long id = CampaignTestData.create(CampaignTestData.notice("夏送清凉", audience(List.of(), List.of(org))))
                    .getLong("id");
            long published = System.nanoTime();
            CampaignTestData.publish(id);
            LiveClient.Frame f = client.awaitCampaign(id, WAIT);
            long millis = (f.receivedNanos() - published) / 1_000_000;
            System.out.printf("publish → live frame: %d ms%n", millis);
            assertTrue(millis <= 1000, "delivered after " + millis + " ms");
            assertTrue(f.json().getString("id").matches("\\d+-\\d+"));
            assertEquals("NOTICE", f.json().getString("campaign.kind"));
            assertEquals("夏送清凉", f.json().getString("campaign.title"));
            assertEquals(liveEventId(id), f.json().getString("id"));
        }
    }

    @Test
    void browsersAuthenticateWithTheSubprotocolAndGetOneEchoed() {
        String org = Fixtures.unique("org-live");
        BulkMembers.Member m = member(org);
        try (LiveClient client = LiveClient.withSubprotocol(port(), m.token())) {
            assertEquals("zhijia-live", client.socket.getSubprotocol());
            long id = CampaignTestData.published(CampaignTestData.notice("浏览器", audience(List.of(), List.of(org))));
            client.awaitCampaign(id, WAIT);
        }
    }

    @Test
    void handshakesWithoutAValidMemberTokenAreRefused() {
        assertEquals(401, handshakeStatus(LiveClient.HTTP.newWebSocketBuilder(), LiveClient.url(port(), null)));
        assertEquals(
                401,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer not-a-jwt"),
                        LiveClient.url(port(), null)));
        assertEquals(
                401,
                handshakeStatus(
                        LiveClient.HTTP
                                .newWebSocketBuilder()
                                .subprotocols("zhijia-live", "quarkus-http-upgrade#Authorization"),
                        LiveClient.url(port(), null)));
        assertEquals(
                401,
                handshakeStatus(
                        LiveClient.HTTP
                                .newWebSocketBuilder()
                                .subprotocols("quarkus-http-upgrade#Authorization#Basic%20eA"),
                        LiveClient.url(port(), null)));
        String staff = Fixtures.staffToken(Fixtures.station(Fixtures.unique("驿站")));
        assertEquals(
                403,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + staff),
                        LiveClient.url(port(), null)));
        BulkMembers.Member m = member(Fixtures.unique("org-live"));
        assertEquals(
                400,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + m.token()),
                        LiveClient.url(port(), "lastEventId=yesterday")));
        assertEquals(
                400,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + m.token()),
                        LiveClient.url(port(), "lastEventId=1%3B2")));
        // digits, but beyond what a stream id holds: refused at the handshake, not a broken socket after it
        assertEquals(
                400,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + m.token()),
                        LiveClient.url(port(), "lastEventId=9999999999999999999-0")));
        assertEquals(
                400,
                handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + m.token()),
                        LiveClient.url(port(), "lastEventId=1-9999999999999999999")));
    }

    private static int handshakeStatus(java.net.http.WebSocket.Builder builder, String url) {
        return LiveClient.handshakeStatus(builder, url);
    }

    @Test
    void onlyMembersInTheAudienceReceiveIt() throws InterruptedException {
        String org = Fixtures.unique("org-live");
        String other = Fixtures.unique("org-live");
        BulkMembers.Member in = member(org);
        BulkMembers.Member out = member(other);
        try (LiveClient inside = LiveClient.withHeader(port(), in.token(), null);
                LiveClient outside = LiveClient.withHeader(port(), out.token(), null)) {
            long first = CampaignTestData.published(CampaignTestData.notice("仅本组织", audience(List.of(), List.of(org))));
            inside.awaitCampaign(first, WAIT);
            long second = CampaignTestData.published(
                    CampaignTestData.notice("两个组织", audience(List.of(), List.of(org, other))));
            inside.awaitCampaign(second, WAIT);
            LiveClient.Frame f = outside.next(WAIT);
            assertEquals(
                    second,
                    f.json().getLong("campaign.id"),
                    "the first campaign must not reach a member outside its audience");
        }
    }

    @Test
    void aReconnectingClientReceivesWhatItMissedInOrderThenLiveEvents() {
        String org = Fixtures.unique("org-live");
        BulkMembers.Member m = member(org);
        String audience = audience(List.of(), List.of(org));
        String seen;
        try (LiveClient client = LiveClient.withHeader(port(), m.token(), null)) {
            long first = CampaignTestData.published(CampaignTestData.notice("第一条", audience));
            seen = client.awaitCampaign(first, WAIT).json().getString("id");
        }
        long second = CampaignTestData.published(CampaignTestData.notice("第二条", audience));
        long third = CampaignTestData.published(CampaignTestData.notice("第三条", audience));
        String secondId = liveEventId(second);
        liveEventId(third);
        events.toMember(m.id(), "prize", Map.of("prize", "清凉大礼包"));

        try (LiveClient client = LiveClient.withHeader(port(), m.token(), "lastEventId=" + seen)) {
            assertEquals(
                    List.of("campaign", "campaign", "prize"),
                    client.replayed.stream().map(LiveClient.Frame::type).toList());
            assertEquals(second, client.replayed.get(0).json().getLong("campaign.id"));
            assertEquals(third, client.replayed.get(1).json().getLong("campaign.id"));
            assertEquals("清凉大礼包", client.replayed.get(2).json().getString("prize"));
            long fourth = CampaignTestData.published(CampaignTestData.notice("第四条", audience));
            client.awaitCampaign(fourth, WAIT);
        }
        // the Last-Event-ID header works too, and only what came after it is replayed
        try (LiveClient client = LiveClient.connect(
                LiveClient.HTTP
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + m.token())
                        .header("Last-Event-ID", secondId),
                LiveClient.url(port(), null))) {
            assertEquals(third, client.replayed.get(0).json().getLong("campaign.id"));
            assertEquals(3, client.replayed.size());
        }
    }

    @Test
    void aClientWhoseLastEventIsNoLongerKeptIsToldToResync() {
        String org = Fixtures.unique("org-live");
        BulkMembers.Member m = member(org);
        CampaignTestData.published(
                CampaignTestData.notice("填充", audience(List.of(), List.of(Fixtures.unique("org-none")))));
        try (LiveClient client = LiveClient.withHeader(port(), m.token(), "lastEventId=1-0")) {
            assertEquals("resync", client.replayed.get(0).type());
        }
        // an id from the future (Redis lost its stream since, or a forged one): resync, and live events still flow
        try (LiveClient client = LiveClient.withHeader(port(), m.token(), "lastEventId=99999999999999-0")) {
            assertEquals(
                    List.of("resync"),
                    client.replayed.stream().map(LiveClient.Frame::type).toList());
            long id = CampaignTestData.published(CampaignTestData.notice("之后", audience(List.of(), List.of(org))));
            client.awaitCampaign(id, WAIT);
        }
    }

    @Test
    void eventsForOneMemberReachOnlyThatMemberAndPingsArePonged() throws InterruptedException {
        String org = Fixtures.unique("org-live");
        List<BulkMembers.Member> two = BulkMembers.verified(2, "rider", org);
        try (LiveClient a = LiveClient.withHeader(port(), two.get(0).token(), null);
                LiveClient b = LiveClient.withHeader(port(), two.get(1).token(), null)) {
            events.toMember(two.get(0).id(), "prize", Map.of("prize", "毛巾"));
            assertEquals("毛巾", a.awaitType("prize", WAIT).json().getString("prize"));
            b.send("ping");
            assertEquals("pong", b.next(WAIT).type(), "b must get its pong, not a's prize");
            assertNull(b.poll(Duration.ofMillis(300)));
        }
    }
}
