package dev.zhijia.station;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@Tag("redis")
class StationsTest {

    @Inject
    ShiftableClock clock;

    @Inject
    StationIndex index;

    @Inject
    CheckinTokens checkins;

    @AfterEach
    void resetClock() {
        clock.reset();
        StationMap.awaitRebuilt();
    }

    private static ValidatableResponse nearby(StationTestData d, String query) {
        return given().get("/api/v1/stations/nearby?lat=" + d.lat + "&lng=" + d.lng + query)
                .then();
    }

    @Test
    void nearbyIsNearestFirstWithExactDistancesAndWalkMinutes() {
        StationTestData d = new StationTestData();
        long far = d.createNorth("远站", 1200);
        long near = d.createNorth("近站", 300);
        long mid = d.createNorth("中站", 800);
        JsonPath body = nearby(d, "&radius=1500").statusCode(200).extract().jsonPath();
        assertEquals(List.of(near, mid, far), body.getList("items.id", Long.class));
        assertEquals(List.of(300, 800, 1200), body.getList("items.distanceMeters", Integer.class));
        assertEquals(List.of(4, 10, 15), body.getList("items.walkMinutes", Integer.class)); // ceil(d / 80)
        nearby(d, "&radius=1500")
                .body("items[0].name", is("近站"))
                .body("items[0].type", is("WATER_STATION"))
                .body("items[0].services", contains("REST", "DRINKING_WATER"))
                .body("items[0].openNow", is(true))
                .body("items[0].waterAvailable", is(true))
                .body("items[0]", not(hasKey("waterStock")));
    }

    @Test
    void radiusEdgesAreExact() {
        StationTestData d = new StationTestData();
        long inside = d.createNorth("边内", 999);
        long onEdge = d.createNorth("边上", 1000);
        d.createNorth("边外", 1001.5);
        JsonPath body = nearby(d, "&radius=1000").statusCode(200).extract().jsonPath();
        assertEquals(List.of(inside, onEdge), body.getList("items.id", Long.class));
        nearby(d, "&radius=998").body("items", empty());
    }

    @Test
    void limitAndFiltersApplyAfterDistance() {
        StationTestData d = new StationTestData();
        for (int i = 1; i <= 5; i++) {
            d.createNorth("站" + i, i * 100);
        }
        long canteen = d.create("食堂", 50, "CANTEEN", StationTestData.ALWAYS_OPEN, 0);
        nearby(d, "&limit=2")
                .body("items.size()", is(2))
                .body("items[0].id", is((int) canteen))
                .body("items[0].waterAvailable", is(false));
        nearby(d, "&service=EBIKE_CHARGING").statusCode(200).body("items", empty());
        nearby(d, "&type=CANTEEN").body("items.id", contains((int) canteen));
        nearby(d, "&type=WATER_STATION&limit=100").body("items.size()", is(5));
    }

    @Test
    void openNowHandlesClosingAfterMidnight() {
        StationTestData d = new StationTestData();
        long night = d.create("夜站", 100, "DRIVERS_HOME", "{\"opens\":\"22:00\",\"closes\":\"02:00\"}", 10);
        TestClock.nextTimeOfDay(clock, 23, 30);
        nearby(d, "&openNow=true").body("items.id", contains((int) night)).body("items[0].openNow", is(true));
        given().get("/api/v1/stations/" + night)
                .then()
                .body("openNow", is(true))
                .body("hours.opens", is("22:00"))
                .body("hours.closes", is("02:00"));
        TestClock.nextTimeOfDay(clock, 1, 59);
        nearby(d, "&openNow=true").body("items.id", contains((int) night));
        TestClock.nextTimeOfDay(clock, 2, 0);
        nearby(d, "&openNow=true").body("items", empty());
        nearby(d, "").body("items[0].openNow", is(false));
        TestClock.nextTimeOfDay(clock, 21, 59);
        given().get("/api/v1/stations/" + night).then().body("openNow", is(false));
    }

    @Test
    void detailShowsStockOnlyToStaffAndAdmins() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("详情站", 10);
        given().get("/api/v1/stations/" + id)
                .then()
                .statusCode(200)
                .body("name", is("详情站"))
                .body("$", not(hasKey("waterStock")))
                .body("ratingCount", is(0));
        given().auth()
                .oauth2(Fixtures.staffToken(id))
                .get("/api/v1/stations/" + id)
                .then()
                .body("waterStock", is(50));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/stations/" + id)
                .then()
                .body("waterStock", is(50))
                .body("openReports", is(0));
        given().auth()
                .oauth2(Fixtures.newMember().accessToken())
                .get("/api/v1/stations/" + id)
                .then()
                .body("$", not(hasKey("waterStock")));
    }

    @Test
    void updateMovesTheStationAndDeleteHidesIt() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("搬家站", 100);
        nearby(d, "&type=WATER_STATION").body("items[0].name", is("搬家站")); // decoded and kept by this replica
        given().auth()
                .oauth2(d.admin)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"新家站\",\"type\":\"CANTEEN\",\"lat\":" + d.north(5000) + ",\"lng\":" + d.lng
                        + ",\"hours\":{\"open24h\":true}}")
                .put("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(200)
                .body("waterStock", is(50));
        nearby(d, "&radius=1000").body("items", empty());
        nearby(d, "&radius=6000").body("items.id", contains((int) id)).body("items[0].name", is("新家站"));
        // a new type moves it between the per-type sets
        nearby(d, "&radius=6000&type=WATER_STATION").body("items", empty());
        nearby(d, "&radius=6000&type=CANTEEN")
                .body("items.id", contains((int) id))
                .body("items[0].type", is("CANTEEN"));
        given().auth()
                .oauth2(d.admin)
                .delete("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(204);
        nearby(d, "&radius=6000").body("items", empty());
        nearby(d, "&radius=6000&type=CANTEEN").body("items", empty());
        given().get("/api/v1/stations/" + id).then().statusCode(404).body("code", is("STATION_NOT_FOUND"));
        given().auth()
                .oauth2(d.admin)
                .delete("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void wgs84InputIsConvertedToGcj02() {
        StationTestData d = new StationTestData();
        // Tiananmen: WGS-84 39.908823,116.397470 is GCJ-02 39.910225,116.403712 (±1e-5)
        String body =
                "{\"name\":\"天安门\",\"type\":\"SERVICE_CENTER\",\"lat\":39.908823,\"lng\":116.397470,\"datum\":\"WGS84\",\"hours\":{\"open24h\":true}}";
        JsonPath s = given().auth()
                .oauth2(d.admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals(39.910225, s.getDouble("lat"), 1e-4);
        assertEquals(116.403712, s.getDouble("lng"), 1e-4);
    }

    @Test
    void badStationsAreRefused() {
        StationTestData d = new StationTestData();
        String ok = "\"name\":\"x\",\"type\":\"WATER_STATION\",\"lat\":30,\"lng\":100";
        bad(d, "{" + ok.replace("30", "91") + ",\"hours\":{\"open24h\":true}}", "lat");
        bad(d, "{" + ok.replace("WATER_STATION", "SPACESHIP") + ",\"hours\":{\"open24h\":true}}", "type");
        bad(d, "{" + ok + ",\"hours\":{\"opens\":\"25:00\",\"closes\":\"02:00\"}}", "hours");
        bad(d, "{" + ok + ",\"hours\":{\"opens\":\"08:00\",\"closes\":\"08:00\"}}", "hours");
        bad(d, "{" + ok + ",\"hours\":{}}", "hours");
        bad(d, "{" + ok + ",\"hours\":{\"open24h\":true},\"services\":[\"TELEPORT\"]}", "services[0]");
        given().get("/api/v1/stations/nearby?lat=30&lng=100&radius=20001")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/stations/nearby?lat=30&lng=100&limit=101").then().statusCode(400);
        given().get("/api/v1/stations/nearby?lat=30").then().statusCode(400);
        given().get("/api/v1/stations/nearby?lat=30&lng=100&type=SPACESHIP")
                .then()
                .statusCode(400)
                .body("code", is("INVALID_PARAMETER"));
    }

    private static void bad(StationTestData d, String body, String field) {
        given().auth()
                .oauth2(d.admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is(field));
    }

    @Test
    void checkinTokensAreForTheirStationAndExpire() {
        StationTestData d = new StationTestData();
        long mine = d.createNorth("我的站", 10);
        long other = d.createNorth("别的站", 20);
        String staff = Fixtures.staffToken(mine);
        JsonPath t = given().auth()
                .oauth2(staff)
                .get("/api/v1/stations/" + mine + "/checkin-token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String token = t.getString("token");
        assertEquals("zhijia://checkin?s=" + mine + "&t=" + token, t.getString("qr"));
        checkins.verify(mine, token);
        assertProblem(() -> checkins.verify(other, token));
        assertProblem(() -> checkins.verify(mine, token.substring(0, token.length() - 2) + "xx"));
        assertProblem(() -> checkins.verify(mine, "k.1.2.3"));
        clock.shift(Duration.ofSeconds(CheckinTokens.WINDOW_SECONDS));
        checkins.verify(mine, token); // one window of grace
        clock.shift(Duration.ofSeconds(CheckinTokens.WINDOW_SECONDS));
        assertProblem(() -> checkins.verify(mine, token));
        // staff of another station, and members, get no token
        given().auth()
                .oauth2(staff)
                .get("/api/v1/stations/" + other + "/checkin-token")
                .then()
                .statusCode(403)
                .body("code", is("NOT_YOUR_STATION"));
        given().auth()
                .oauth2(Fixtures.newMember().accessToken())
                .get("/api/v1/stations/" + mine + "/checkin-token")
                .then()
                .statusCode(403);
    }

    @Test
    void staffRestockOnlyTheirOwnStations() {
        StationTestData d = new StationTestData();
        long mine = d.createNorth("补货站", 10);
        long other = d.createNorth("他站", 20);
        String staff = Fixtures.staffToken(mine);
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":30}")
                .post("/api/v1/staff/stations/" + mine + "/restock")
                .then()
                .statusCode(200)
                .body("waterStock", is(80));
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":30}")
                .post("/api/v1/staff/stations/" + other + "/restock")
                .then()
                .statusCode(403)
                .body("code", is("NOT_YOUR_STATION"));
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":0}")
                .post("/api/v1/staff/stations/" + mine + "/restock")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(staff)
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(200)
                .body("id", contains((int) mine));
    }

    @Test
    void lowStockShowsInAdminViews() {
        StationTestData d = new StationTestData();
        long low = d.create("缺水站", 10, "WATER_STATION", StationTestData.ALWAYS_OPEN, 3);
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/stations/" + low)
                .then()
                .statusCode(200)
                .body("lowStock", is(true));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/stations?lowStock=true&limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) low));
    }

    @Test
    void theIndexIsRebuiltFromMySqlAfterRedisLosesIt() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("重建站", 100);
        TestRedis.flush();
        nearby(d, "").statusCode(503).body("code", is("STATIONS_REBUILDING"));
        long added = d.createNorth("重建中新站", 200); // copied to Redis after its commit, but the copy is still incomplete
        nearby(d, "").statusCode(503).body("code", is("STATIONS_REBUILDING"));
        StationMap.awaitRebuilt();
        nearby(d, "").statusCode(200).body("items.id", contains((int) id, (int) added));
        nearby(d, "&type=WATER_STATION").statusCode(200).body("items.id", contains((int) id, (int) added));
    }

    @Test
    void aCopyFromBeforeTheTypeSetsIsRebuiltWithThem() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("旧版站", 100);
        // as Redis looks after an upgrade: documents and the full GEO set survive, the marker and type sets do not
        var redis = io.quarkus.arc.Arc.container()
                .instance(io.quarkus.redis.datasource.RedisDataSource.class)
                .get();
        redis.key().del(StationIndex.GENERATION, StationIndex.TYPE_GEO + "WATER_STATION");
        nearby(d, "&type=WATER_STATION").statusCode(503).body("code", is("STATIONS_REBUILDING"));
        StationMap.awaitRebuilt();
        nearby(d, "&type=WATER_STATION").statusCode(200).body("items.id", contains((int) id));
    }

    private static void assertProblem(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            assertEquals("CHECKIN_INVALID", e.code());
            return;
        }
        throw new AssertionError("expected CHECKIN_INVALID");
    }
}
