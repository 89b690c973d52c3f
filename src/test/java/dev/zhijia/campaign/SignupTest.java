package dev.zhijia.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.campaign.CampaignTestData.audience;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EVENT sign-ups: capacity, the ordered waitlist, promotion on cancel, deadlines — under real concurrency. */
@QuarkusTest
class SignupTest {

    @Inject
    EntityManager em;

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String path(long campaign) {
        return "/api/v1/campaigns/" + campaign + "/signups";
    }

    private long count(String sql, long campaign) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, campaign).getSingleResult()).longValue();
    }

    private static Map<String, Long> tally(List<Burst.Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(
                        a -> a.status() + (a.code() == null ? "" : " " + a.code()), Collectors.counting()));
    }

    @Test
    void threeHundredConcurrentSignUpsOnFiftySeatsConfirmExactlyFiftyAndQueueTheRestInOrder() {
        String org = Fixtures.unique("org-su");
        long event = CampaignTestData.published(CampaignTestData.event("相亲联谊会", audience(List.of(), List.of(org)), 50));
        List<BulkMembers.Member> members = BulkMembers.verified(300, "new-employment-form", org);
        List<Burst.Call> calls = members.stream()
                .map(m -> new Burst.Call("POST", path(event), m.token(), null))
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(calls);
        long started = System.nanoTime();
        List<Burst.Answer> answers = Burst.fire(calls, 150);
        System.out.printf(
                "300 sign-ups on 50 seats: %d ms, %s%n", (System.nanoTime() - started) / 1_000_000, tally(answers));

        assertTrue(
                answers.stream().allMatch(a -> a.status() == 201),
                tally(answers).toString());
        List<JsonPath> bodies =
                answers.stream().map(a -> JsonPath.from(a.body())).toList();
        assertEquals(
                50,
                bodies.stream()
                        .filter(b -> b.getString("status").equals("CONFIRMED"))
                        .count());
        List<JsonPath> waitlisted = bodies.stream()
                .filter(b -> b.getString("status").equals("WAITLISTED"))
                .sorted(Comparator.comparingLong(b -> b.getLong("signupId")))
                .toList();
        assertEquals(250, waitlisted.size());
        // positions 1..250, in the order the sign-ups were recorded
        assertEquals(
                IntStream.rangeClosed(1, 250).boxed().toList(),
                waitlisted.stream().map(b -> b.getInt("position")).toList());
        assertTrue(bodies.stream()
                .filter(b -> b.getString("status").equals("CONFIRMED"))
                .allMatch(b -> b.get("position") == null));

        assertEquals(
                50,
                count("SELECT COUNT(*) FROM campaign_signup WHERE campaign_id = ?1 AND status = 'CONFIRMED'", event));
        assertEquals(50, count("SELECT confirmed_count FROM campaign WHERE id = ?1", event));
        assertEquals(300, count("SELECT COUNT(DISTINCT member_id) FROM campaign_signup WHERE campaign_id = ?1", event));
        given().auth()
                .oauth2(CampaignTestData.admin())
                .get("/api/v1/admin/campaigns/" + event)
                .then()
                .body("event.confirmed", is(50))
                .body("event.waitlisted", is(250));
    }

    @Test
    void tappingTwiceAtOnceStillMakesOneSignUp() {
        String org = Fixtures.unique("org-su");
        long event = CampaignTestData.published(CampaignTestData.event("义诊", audience(List.of(), List.of(org)), 10));
        List<BulkMembers.Member> members = BulkMembers.verified(40, "courier", org);
        List<Burst.Call> calls = new ArrayList<>();
        members.forEach(m -> {
            calls.add(new Burst.Call("POST", path(event), m.token(), null));
            calls.add(new Burst.Call("POST", path(event), m.token(), null));
        });
        Collections.shuffle(calls);
        List<Burst.Answer> answers = Burst.fire(calls, 80);
        assertEquals(
                40,
                answers.stream().filter(a -> a.status() == 201).count(),
                tally(answers).toString());
        assertEquals(
                40,
                answers.stream()
                        .filter(a -> a.status() == 409 && "ALREADY_SIGNED_UP".equals(a.code()))
                        .count());
        assertEquals(40, count("SELECT COUNT(*) FROM campaign_signup WHERE campaign_id = ?1", event));
        assertEquals(
                10,
                count("SELECT COUNT(*) FROM campaign_signup WHERE campaign_id = ?1 AND status = 'CONFIRMED'", event));
    }

    @Test
    void cancellingAConfirmedSeatPromotesTheFirstInLineAndTellsThem() {
        String org = Fixtures.unique("org-su");
        long event = CampaignTestData.published(CampaignTestData.event("技能培训班", audience(List.of(), List.of(org)), 2));
        List<BulkMembers.Member> m = BulkMembers.verified(5, "driver", org);
        for (int i = 0; i < 5; i++) {
            given().auth()
                    .oauth2(m.get(i).token())
                    .post(path(event))
                    .then()
                    .statusCode(201)
                    .body("status", is(i < 2 ? "CONFIRMED" : "WAITLISTED"))
                    .body("position", i < 2 ? nullValue() : is(i - 1));
        }
        given().auth()
                .oauth2(m.get(0).token())
                .post(path(event))
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_SIGNED_UP"))
                .body("signup.status", is("CONFIRMED"));

        try (LiveClient promoted =
                LiveClient.withHeader(RestAssured.port, m.get(2).token(), null)) {
            given().auth().oauth2(m.get(0).token()).delete(path(event)).then().statusCode(204);
            LiveClient.Frame f = promoted.awaitType("waitlist-promoted", Duration.ofSeconds(10));
            assertEquals(event, f.json().getLong("campaignId"));
            assertEquals("CONFIRMED", f.json().getString("status"));
        }
        given().auth()
                .oauth2(m.get(2).token())
                .get(path(event) + "/me")
                .then()
                .statusCode(200)
                .body("status", is("CONFIRMED"));
        given().auth()
                .oauth2(m.get(3).token())
                .get(path(event) + "/me")
                .then()
                .statusCode(200)
                .body("position", is(1));
        given().auth()
                .oauth2(m.get(4).token())
                .get(path(event) + "/me")
                .then()
                .statusCode(200)
                .body("position", is(2));
        given().auth()
                .oauth2(m.get(2).token())
                .get("/api/v1/me/inbox")
                .then()
                .body("items[0].kind", is("WAITLIST_PROMOTED"))
                .body("items[0].refId", is((int) event));
        given().auth()
                .oauth2(m.get(0).token())
                .get(path(event) + "/me")
                .then()
                .statusCode(404)
                .body("code", is("SIGNUP_NOT_FOUND"));
        given().auth()
                .oauth2(m.get(0).token())
                .delete(path(event))
                .then()
                .statusCode(404)
                .body("code", is("SIGNUP_NOT_FOUND"));

        // a waitlisted member leaving frees no seat; the others move up
        given().auth().oauth2(m.get(3).token()).delete(path(event)).then().statusCode(204);
        given().auth().oauth2(m.get(4).token()).get(path(event) + "/me").then().body("position", is(1));
        assertEquals(2, count("SELECT confirmed_count FROM campaign WHERE id = ?1", event));
        // coming back means the back of the line
        given().auth()
                .oauth2(m.get(0).token())
                .post(path(event))
                .then()
                .statusCode(201)
                .body("status", is("WAITLISTED"))
                .body("position", is(2));
        given().auth()
                .oauth2(m.get(0).token())
                .get("/api/v1/campaigns/" + event)
                .then()
                .statusCode(200)
                .body("mine.signup.status", is("WAITLISTED"))
                .body("event.confirmed", is(2))
                .body("event.waitlisted", is(2));

        // the last confirmed seat freed with nobody waiting lowers the count
        given().auth().oauth2(m.get(4).token()).delete(path(event)).then().statusCode(204);
        given().auth().oauth2(m.get(0).token()).delete(path(event)).then().statusCode(204);
        given().auth().oauth2(m.get(1).token()).delete(path(event)).then().statusCode(204);
        assertEquals(1, count("SELECT confirmed_count FROM campaign WHERE id = ?1", event));
    }

    @Test
    void signUpsAreForTheAudienceOfPublishedEventsBeforeTheDeadline() {
        String org = Fixtures.unique("org-su");
        BulkMembers.Member member = BulkMembers.verified(1, "rider", org).get(0);
        BulkMembers.Member outsider =
                BulkMembers.verified(1, "rider", Fixtures.unique("org-out")).get(0);
        var unverified = Fixtures.newMember();
        long event = CampaignTestData.published(CampaignTestData.event("招聘会", audience(List.of(), List.of(org)), 5));
        long notice = CampaignTestData.published(CampaignTestData.notice("通知", audience(List.of(), List.of(org))));
        long draft = CampaignTestData.create(CampaignTestData.event("草稿", audience(List.of(), List.of(org)), 5))
                .getLong("id");

        given().post(path(event)).then().statusCode(401);
        given().auth().oauth2(CampaignTestData.admin()).post(path(event)).then().statusCode(403);
        given().auth()
                .oauth2(outsider.token())
                .post(path(event))
                .then()
                .statusCode(403)
                .body("code", is("NOT_IN_AUDIENCE"));
        given().auth()
                .oauth2(unverified.accessToken())
                .post(path(event))
                .then()
                .statusCode(403)
                .body("code", is("NOT_VERIFIED"));
        given().auth()
                .oauth2(member.token())
                .post(path(notice))
                .then()
                .statusCode(409)
                .body("code", is("NOT_AN_EVENT"));
        given().auth()
                .oauth2(member.token())
                .post(path(draft))
                .then()
                .statusCode(404)
                .body("code", is("CAMPAIGN_NOT_FOUND"));
        given().auth().oauth2(member.token()).post(path(987654321)).then().statusCode(404);
        given().auth()
                .oauth2(member.token())
                .post("/api/v1/campaigns/abc/signups")
                .then()
                .statusCode(400);

        clock.shift(Duration.ofHours(25));
        given().auth()
                .oauth2(member.token())
                .post(path(event))
                .then()
                .statusCode(409)
                .body("code", is("SIGNUP_CLOSED"));
        clock.reset();
        given().auth()
                .oauth2(member.token())
                .header("Idempotency-Key", "su-1")
                .post(path(event))
                .then()
                .statusCode(201)
                .body("status", is("CONFIRMED"));
        given().auth()
                .oauth2(member.token())
                .header("Idempotency-Key", "su-1")
                .post(path(event))
                .then()
                .statusCode(201)
                .body("status", is("CONFIRMED"));
        clock.shift(Duration.ofHours(49));
        given().auth()
                .oauth2(member.token())
                .delete(path(event))
                .then()
                .statusCode(409)
                .body("code", is("EVENT_STARTED"));
    }
}
