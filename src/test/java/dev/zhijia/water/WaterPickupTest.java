package dev.zhijia.water;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StationMap;
import dev.zhijia.testsupport.TestClock;
import dev.zhijia.testsupport.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@Tag("redis")
class WaterPickupTest {

    @Inject
    ShiftableClock clock;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        clock.reset();
        StationMap.awaitRebuilt(); // a test here may have emptied Redis: give the next test its station map back
    }

    /** A water station with its own staff. */
    record Site(long id, String staff) {
        String token() {
            return given().auth()
                    .oauth2(staff)
                    .get("/api/v1/stations/" + id + "/checkin-token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("token");
        }
    }

    private static Site site(int stock, String hours) {
        return site("WATER_STATION", stock, hours);
    }

    static Site site(String type, int stock, String hours) {
        long id = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(stationJson(type, Fixtures.unique("取水点"), stock, hours))
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        return new Site(id, Fixtures.staffToken(id));
    }

    private static String stationJson(String type, String name, int stock, String hours) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"lat\":31.2,\"lng\":121.4,\"hours\":" + hours
                + ",\"waterStock\":" + stock + "}";
    }

    static ValidatableResponse pickup(String memberToken, long stationId, String checkinToken) {
        return given().auth()
                .oauth2(memberToken)
                .contentType(ContentType.JSON)
                .body("{\"stationId\":" + stationId + ",\"checkinToken\":\"" + checkinToken + "\"}")
                .post("/api/v1/water/pickups")
                .then();
    }

    static ValidatableResponse verify(String staffToken, String code) {
        return given().auth()
                .oauth2(staffToken)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/staff/verifications")
                .then();
    }

    private static int stock(Site s) {
        return given().auth()
                .oauth2(s.staff())
                .get("/api/v1/stations/" + s.id())
                .then()
                .extract()
                .path("waterStock");
    }

    @Test
    void scanGetACodeStaffVerifyBottleHandedOver() {
        Site s = site(5, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "courier", null).get(0).token();
        JsonPath issued = pickup(member, s.id(), s.token())
                .statusCode(201)
                .body("code", matchesPattern("\\d{6}"))
                .extract()
                .jsonPath();
        pickup(member, s.id(), s.token())
                .statusCode(201)
                .body("code", is(issued.getString("code"))); // asking again: same code
        verify(s.staff(), issued.getString("code"))
                .statusCode(200)
                .body("kind", is("WATER_PICKUP"))
                .body("memberName", is("会**"))
                .body("prize", nullValue());
        verify(s.staff(), issued.getString("code")).statusCode(200); // the same counter retrying
        verify(Fixtures.staffToken(s.id()), issued.getString("code"))
                .statusCode(409)
                .body("code", is("CODE_ALREADY_USED"));
        assertEquals(4, stock(s));
        Number recorded = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM verification WHERE kind = 'WATER_PICKUP' AND ref_id = ?1")
                        .setParameter(1, issued.getLong("pickupId"))
                        .getSingleResult();
        assertEquals(1, recorded.intValue());
    }

    @Test
    void checkinTokensMustBeThisStationsAndCurrent() {
        Site s = site(5, "{\"open24h\":true}");
        Site other = site(5, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        String token = s.token();
        pickup(member, s.id(), "forged.1.2.3").statusCode(403).body("code", is("CHECKIN_INVALID"));
        pickup(member, other.id(), token).statusCode(403).body("code", is("CHECKIN_INVALID"));
        clock.shift(Duration.ofSeconds(61));
        pickup(member, s.id(), token).statusCode(403).body("code", is("CHECKIN_INVALID"));
        pickup(Fixtures.newMember().accessToken(), s.id(), s.token())
                .statusCode(403)
                .body("code", is("NOT_VERIFIED"));
    }

    @Test
    void oneBottleAServiceZoneDayCountedAtVerification() {
        Site s = site(10, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        TestClock.nextTimeOfDay(clock, 23, 59);
        verify(
                        s.staff(),
                        pickup(member, s.id(), s.token())
                                .statusCode(201)
                                .extract()
                                .path("code"))
                .statusCode(200);
        pickup(member, s.id(), s.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));
        clock.shift(Duration.ofMinutes(2)); // 00:01 the next day in the service zone
        verify(
                        s.staff(),
                        pickup(member, s.id(), s.token())
                                .statusCode(201)
                                .extract()
                                .path("code"))
                .statusCode(200);
    }

    @Test
    void anUnverifiedExpiredCodeDoesNotUseUpTheDayAndGivesItsBottleBack() {
        Site s = site(2, "{\"open24h\":true}");
        List<BulkMembers.Member> three = BulkMembers.verified(3, "", null);
        String code = pickup(three.get(0).token(), s.id(), s.token())
                .statusCode(201)
                .extract()
                .path("code");
        pickup(three.get(1).token(), s.id(), s.token()).statusCode(201);
        pickup(three.get(2).token(), s.id(), s.token()).statusCode(409).body("code", is("STATION_OUT_OF_STOCK"));
        clock.shift(Duration.ofMinutes(11));
        verify(s.staff(), code).statusCode(410).body("code", is("CODE_EXPIRED"));
        pickup(three.get(2).token(), s.id(), s.token()).statusCode(201);
        pickup(three.get(0).token(), s.id(), s.token()).statusCode(201); // the expired code did not spend the day
    }

    @Test
    void aClosedStationGivesNoCodes() {
        Site s = site(5, "{\"opens\":\"08:00\",\"closes\":\"09:00\"}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        TestClock.nextTimeOfDay(clock, 10, 0);
        pickup(member, s.id(), s.token()).statusCode(409).body("code", is("STATION_CLOSED"));
    }

    @Test
    void twoStaffRacingOneCodeHandOverOneBottle() {
        Site s = site(5, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        String code =
                pickup(member, s.id(), s.token()).statusCode(201).extract().path("code");
        List<Burst.Call> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(new Burst.Call(
                    "POST", "/api/v1/staff/verifications", Fixtures.staffToken(s.id()), "{\"code\":\"" + code + "\"}"));
        }
        List<Burst.Answer> answers = Burst.fire(calls, 6);
        assertEquals(1, answers.stream().filter(a -> a.status() == 200).count(), answers.toString());
        assertTrue(answers.stream().allMatch(a -> a.status() == 200 || a.status() == 409), answers.toString());
        assertEquals(4, stock(s));
    }

    @Test
    void aPrizePoolNeverAwardsMoreThanItHolds() {
        Site s = site(1000, "{\"open24h\":true}");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"清凉大礼包\",\"stationId\":" + s.id() + ",\"startsAt\":\""
                        + now.minusHours(1) + "\",\"endsAt\":\"" + now.plusHours(1)
                        + "\",\"winProbability\":1.0,\"prizes\":[{\"name\":\"毛巾\",\"quantity\":6},"
                        + "{\"name\":\"香皂\",\"quantity\":4}]}")
                .post("/api/v1/admin/water/prize-pools")
                .then()
                .statusCode(201)
                .body("prizes.size()", is(2));
        List<BulkMembers.Member> members = BulkMembers.verified(500, "", null);
        String token = s.token();
        List<Burst.Call> issue = members.stream()
                .map(m -> new Burst.Call(
                        "POST",
                        "/api/v1/water/pickups",
                        m.token(),
                        "{\"stationId\":" + s.id() + ",\"checkinToken\":\"" + token + "\"}"))
                .toList();
        List<Burst.Answer> codes = Burst.fire(issue, 50);
        assertTrue(codes.stream().allMatch(a -> a.status() == 201), "all 500 get a code");
        List<String> staff = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            staff.add(Fixtures.staffToken(s.id()));
        }
        List<Burst.Call> verifications = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = new JsonPath(codes.get(i).body()).getString("code");
            verifications.add(new Burst.Call(
                    "POST", "/api/v1/staff/verifications", staff.get(i % 5), "{\"code\":\"" + code + "\"}"));
        }
        // 25 in flight: a station's counters may have at most maxMissesPerStation (30) codes in check at once
        List<Burst.Answer> answers = Burst.fire(verifications, 25);
        assertEquals(500, answers.stream().filter(a -> a.status() == 200).count());
        long winners =
                answers.stream().filter(a -> a.body().contains("\"prize\":{")).count();
        assertEquals(10, winners, "exactly the pool's 10 prizes are awarded");
        Number awarded = (Number) em.createNativeQuery(
                        "SELECT SUM(awarded) FROM water_prize p JOIN water_prize_pool pp ON pp.id = p.pool_id"
                                + " WHERE pp.station_id = ?1")
                .setParameter(1, s.id())
                .getSingleResult();
        assertEquals(10, awarded.intValue());
        assertEquals(500, stock(s));
    }

    @Test
    void afterRedisLossPendingCodesAreVoidAndMembersAskAgain() {
        Site s = site(3, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        String code =
                pickup(member, s.id(), s.token()).statusCode(201).extract().path("code");
        TestRedis.flush();
        verify(s.staff(), code).statusCode(404).body("code", is("CODE_INVALID"));
        String again =
                pickup(member, s.id(), s.token()).statusCode(201).extract().path("code");
        verify(s.staff(), again).statusCode(200);
        assertEquals(2, stock(s));
    }

    @Test
    void thePhoneHearsAtOnceThatItsCodeWasVerifiedAndWhatItWon() throws InterruptedException {
        Site s = site(50, "{\"open24h\":true}");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"好运水\",\"stationId\":" + s.id() + ",\"startsAt\":\""
                        + now.minusHours(1) + "\",\"endsAt\":\"" + now.plusHours(1)
                        + "\",\"winProbability\":1.0,\"prizes\":[{\"name\":\"遮阳帽\","
                        + "\"quantity\":1}]}")
                .post("/api/v1/admin/water/prize-pools")
                .then()
                .statusCode(201);
        String member = BulkMembers.verified(1, "", null).get(0).token();
        try (LiveClient phone = LiveClient.withHeader(io.restassured.RestAssured.port, member, null)) {
            JsonPath issued =
                    pickup(member, s.id(), s.token()).statusCode(201).extract().jsonPath();
            verify(s.staff(), issued.getString("code")).statusCode(200);

            JsonPath done = phone.awaitType("verified", Duration.ofSeconds(5)).json();
            assertEquals("WATER_PICKUP", done.getString("kind"));
            assertEquals(issued.getLong("pickupId"), done.getLong("refId"));
            assertEquals(s.id(), done.getLong("stationId"));
            assertEquals("遮阳帽", done.getString("prize"));
            JsonPath prize = phone.awaitType("prize", Duration.ofSeconds(5)).json();
            assertEquals("遮阳帽", prize.getString("name"));

            // the same counter retrying tells the phone nothing new
            verify(s.staff(), issued.getString("code")).statusCode(200).body("repeat", is(true));
            for (LiveClient.Frame f = phone.poll(Duration.ofMillis(700));
                    f != null;
                    f = phone.poll(Duration.ofMillis(300))) {
                assertTrue(!"verified".equals(f.type()) && !"prize".equals(f.type()), "told twice: " + f.text());
            }
        }
    }

    @Test
    void aBurstOfPickupsByOneMemberIsOneCodeHoldingOneBottle() {
        Site s = site(2, "{\"open24h\":true}");
        List<BulkMembers.Member> members = BulkMembers.verified(3, "", null);
        String token = s.token();
        List<Burst.Call> taps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            taps.add(new Burst.Call(
                    "POST",
                    "/api/v1/water/pickups",
                    members.get(0).token(),
                    "{\"stationId\":" + s.id() + ",\"checkinToken\":\"" + token + "\"}"));
        }
        List<Burst.Answer> answers = Burst.fire(taps, 20);
        assertTrue(answers.stream().allMatch(a -> a.status() == 201), answers.toString());
        assertEquals(
                1,
                answers.stream()
                        .map(a -> new JsonPath(a.body()).getString("code"))
                        .distinct()
                        .count(),
                "one code: " + answers);
        Number pending = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM water_pickup WHERE station_id = ?1 AND status = 'PENDING'")
                        .setParameter(1, s.id())
                        .getSingleResult();
        assertEquals(1, pending.intValue());
        // the burst holds one of the two bottles: one more member gets a code, the next finds none left
        pickup(members.get(1).token(), s.id(), token).statusCode(201);
        pickup(members.get(2).token(), s.id(), token).statusCode(409).body("code", is("STATION_OUT_OF_STOCK"));
    }

    @Test
    void oneBottleADayAcrossAllStationTypes() {
        Site water = site(5, "{\"open24h\":true}");
        Site drivers = site("DRIVERS_HOME", 5, "{\"open24h\":true}");
        Site outdoor = site("OUTDOOR_WORKER_STATION", 5, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        verify(
                        water.staff(),
                        pickup(member, water.id(), water.token())
                                .statusCode(201)
                                .extract()
                                .path("code"))
                .statusCode(200);
        pickup(member, drivers.id(), drivers.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));
        pickup(member, outdoor.id(), outdoor.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));

        // two codes taken before either was verified: the counter refuses the second bottle
        String other = BulkMembers.verified(1, "", null).get(0).token();
        String first = pickup(other, drivers.id(), drivers.token())
                .statusCode(201)
                .extract()
                .path("code");
        String firstAgain = pickup(other, drivers.id(), drivers.token())
                .statusCode(201)
                .extract()
                .path("code");
        assertEquals(first, firstAgain);
        verify(drivers.staff(), first).statusCode(200);
        pickup(other, water.id(), water.token()).statusCode(409).body("code", is("DAILY_QUOTA_REACHED"));
    }

    @Test
    void aCodeHeldAgainstStockSinceSetToZeroHandsOutNothing() {
        Site s = site(1, "{\"open24h\":true}");
        String member = BulkMembers.verified(1, "", null).get(0).token();
        String code =
                pickup(member, s.id(), s.token()).statusCode(201).extract().path("code");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(stationJson("WATER_STATION", Fixtures.unique("取水点"), 0, "{\"open24h\":true}"))
                .put("/api/v1/admin/stations/" + s.id())
                .then()
                .statusCode(200);
        verify(s.staff(), code).statusCode(409).body("code", is("STATION_OUT_OF_STOCK"));
        assertEquals(0, stock(s));
        Number verified = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM water_pickup WHERE station_id = ?1 AND status = 'VERIFIED'")
                        .setParameter(1, s.id())
                        .getSingleResult();
        assertEquals(0, verified.intValue());
    }
}
