package dev.zhijia.booking;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.wechat.PlatformStub;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.zhijia.booking.BookingTestData.book;
import static dev.zhijia.booking.BookingTestData.day;
import static dev.zhijia.booking.BookingTestData.slots;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The day-before booking reminder as a chat-platform subscribe message: queued with the inbox reminder where the
 * member opted in to the BOOKING template, sent by the same queue and sender as campaigns' messages, in real mode
 * against the platform's HTTP stub.
 */
@QuarkusTest
@TestProfile(PlatformStub.RealPlatformProfile.class)
class BookingReminderMessageTest {

    private static final String SEND = "/cgi-bin/message/subscribe/send";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    ShiftableClock clock;

    @Inject
    BookingSweeper sweeper;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void platform() {
        PlatformStub.server.resetAll();
        redis.key().del("wechat:access-token");
        PlatformStub.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"tok-B\",\"expires_in\":7200}")));
        PlatformStub.server.stubFor(post(urlPathEqualTo(SEND))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String openid(long memberId) {
        return Fixtures.query("SELECT openid FROM member WHERE id = ?", rs -> rs.getString(1), memberId)
                .get(0);
    }

    private static List<LoggedRequest> sentTo(String openid) {
        return PlatformStub.server.findAll(
                postRequestedFor(urlPathEqualTo(SEND)).withRequestBody(matchingJsonPath("$.touser", equalTo(openid))));
    }

    /** [topic, status] of each subscribe message about this booking. */
    private static List<String> messages(long bookingId) {
        return Fixtures.query(
                "SELECT CONCAT(topic, ' ', status) FROM subscribe_message WHERE topic = 'BOOKING' AND ref_id = ?",
                rs -> rs.getString(1),
                bookingId);
    }

    @Test
    void theReminderIsASubscribeMessageWhereTheMemberOptedIn() throws InterruptedException {
        long service = BookingTestData.service(
                BookingTestData.serviceBody("职工免费体检", BookingTestData.now().minusSeconds(1), 120, "", "{}"));
        OffsetDateTime start = day(2);
        long slot = slots(service, start, 1, 5).get(0);
        // made in SQL with minted tokens: in real mode a log-in would ask the platform stub for a session
        List<BulkMembers.Member> members = BulkMembers.verified(2, "courier", Fixtures.unique("org-bk"));
        BulkMembers.Member optedIn = members.get(0);
        BulkMembers.Member silent = members.get(1);
        given().auth()
                .oauth2(optedIn.token())
                .contentType(ContentType.JSON)
                .body("{\"templateId\":\"tmpl-booking\",\"accepted\":true}")
                .post("/api/v1/me/subscriptions")
                .then()
                .statusCode(200)
                .body("credits", is(1))
                .body("kinds", org.hamcrest.Matchers.contains("BOOKING"));
        long booked = book(optedIn.token(), service, slot)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("bookingId");
        long other = book(silent.token(), service, slot)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("bookingId");

        clock.reset();
        clock.shift(Duration.between(clock.instant(), day(1).withHour(9).toInstant()));
        sweeper.remind();
        sweeper.remind(); // a second sweep (another replica) queues nothing more

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(booked), is(List.of("BOOKING SENT")));
        assertEquals(List.of(), messages(other), "no consent, no message: the inbox reminder only");

        List<LoggedRequest> sent = sentTo(openid(optedIn.id()));
        assertEquals(1, sent.size());
        JsonPath body = new JsonPath(sent.get(0).getBodyAsString());
        assertEquals("tmpl-booking", body.getString("template_id"));
        assertEquals("pages/member/bookings/index?id=" + booked, body.getString("page"));
        assertEquals("职工免费体检", body.getString("data.thing1.value"));
        assertEquals(start.format(TIME), body.getString("data.time2.value"));
        assertEquals(0, sentTo(openid(silent.id())).size());
        // the consent was one send, now used
        given().auth()
                .oauth2(optedIn.token())
                .get("/api/v1/me/subscriptions")
                .then()
                .body("items.find { it.templateId == 'tmpl-booking' }.credits", is(0));
        // both still got the inbox reminder
        for (String token : List.of(optedIn.token(), silent.token())) {
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/me/inbox")
                    .then()
                    .body("items.findAll { it.kind == 'BOOKING_REMINDER' }.size()", is(1));
        }
    }
}
