package dev.zhijia.member;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import dev.zhijia.common.RateLimiter;
import dev.zhijia.testsupport.Fixtures.MemberLogin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.adminToken;
import static dev.zhijia.testsupport.Fixtures.as;
import static dev.zhijia.testsupport.Fixtures.newMember;
import static dev.zhijia.testsupport.Fixtures.query;
import static dev.zhijia.testsupport.Fixtures.rosterEntry;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class MemberVerificationTest {

    @Inject
    RateLimiter limiter;

    @Test
    void profileShowsTheRosterEntryOnceVerified() {
        MemberLogin m = newMember();
        String card = rosterEntry("王小明", "rider;courier", "org-7");

        as(m).when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", is((int) m.id()))
                .body("verified", is(false))
                .body("name", nullValue())
                .body("cardNo", nullValue())
                .body("tags", empty())
                .body("orgId", nullValue());

        verify(m, "王小明", card).statusCode(200).body("verified", is(true));

        as(m).when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("verified", is(true))
                .body("name", is("王小明"))
                .body("cardNo", is(card))
                .body("tags", contains("courier", "rider"))
                .body("orgId", is("org-7"));
    }

    @Test
    void unknownCardIsNoMatch() {
        verify(newMember(), "王小明", unique("NOCARD")).statusCode(404).body("code", is("ROSTER_NO_MATCH"));
    }

    @Test
    void rightCardWithWrongNameIsNoMatch() {
        String card = rosterEntry("王小明", "", "org-7");
        verify(newMember(), "王大明", card).statusCode(404).body("code", is("ROSTER_NO_MATCH"));
    }

    @Test
    void bindingTheSameCardAgainIsFine() {
        MemberLogin m = newMember();
        String card = rosterEntry("王小明", "", "org-7");
        verify(m, "王小明", card).statusCode(200);
        verify(m, "王小明", card).statusCode(200).body("verified", is(true)).body("cardNo", is(card));
    }

    @Test
    void aCardBindsToOneAccountOnly() {
        String card = rosterEntry("王小明", "", "org-7");
        verify(newMember(), "王小明", card).statusCode(200);
        verify(newMember(), "王小明", card).statusCode(409).body("code", is("CARD_ALREADY_BOUND"));
    }

    @Test
    void aVerifiedAccountCannotBindASecondCard() {
        MemberLogin m = newMember();
        String first = rosterEntry("王小明", "", "org-7");
        String second = rosterEntry("王小明", "", "org-8");
        verify(m, "王小明", first).statusCode(200);
        verify(m, "王小明", second).statusCode(409).body("code", is("ALREADY_VERIFIED"));
        as(m).when().get("/api/v1/me").then().body("cardNo", is(first));
    }

    @Test
    void twentyAccountsRacingForOneCardBindExactlyOne() throws Exception {
        String card = rosterEntry("王小明", "courier", "org-7");
        List<MemberLogin> racers =
                IntStream.range(0, 20).mapToObj(i -> newMember()).toList();

        ExecutorService pool = Executors.newFixedThreadPool(racers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (MemberLogin m : racers) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    ValidatableResponse r = verify(m, "王小明", card);
                    String code = r.extract().path("code");
                    return r.extract().statusCode() + (code == null ? "" : " " + code);
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            Map<String, Long> tally =
                    results.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of("200", 1L, "409 CARD_ALREADY_BOUND", 19L), tally);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, accountsBoundTo(card));
    }

    @Test
    void tenMissesInAnHourAreTheLimit() {
        MemberLogin m = newMember();
        String card = rosterEntry("王小明", "", "org-7");
        // Member ids restart with every fresh test database while Redis db 1 outlives the run:
        // clear the window both ways so no other run's member with this id starts throttled.
        String window = "verify:member:" + m.id();
        limiter.reset(window);
        try {
            for (int i = 0; i < 10; i++) {
                verify(m, "王小明", unique("MISS")).statusCode(404).body("code", is("ROSTER_NO_MATCH"));
            }
            verify(m, "王小明", card).statusCode(429).body("code", is("TOO_MANY_ATTEMPTS"));
        } finally {
            limiter.reset(window);
        }
    }

    @Test
    void onlyMembersHaveAProfile() {
        given().when().get("/api/v1/me").then().statusCode(401).body("code", is("UNAUTHENTICATED"));
        given().auth().oauth2(adminToken()).when().get("/api/v1/me").then().statusCode(403);
    }

    private static ValidatableResponse verify(MemberLogin m, String name, String cardNo) {
        return as(m).contentType(ContentType.JSON)
                .body(Map.of("name", name, "cardNo", cardNo))
                .when()
                .post("/api/v1/me/verification")
                .then();
    }

    private static long accountsBoundTo(String cardNo) {
        return query(
                        "SELECT COUNT(*) FROM member m JOIN roster_entry e ON e.id = m.roster_id WHERE e.card_no = ?",
                        rs -> rs.getLong(1),
                        cardNo)
                .get(0);
    }
}
