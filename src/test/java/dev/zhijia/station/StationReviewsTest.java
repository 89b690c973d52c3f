package dev.zhijia.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class StationReviewsTest {

    @Inject
    ShiftableClock clock;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse review(String token, long station, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/stations/" + station + "/reviews")
                .then();
    }

    private static ValidatableResponse review(Fixtures.MemberLogin m, long station, int score) {
        return review(m.accessToken(), station, "{\"score\":" + score + "}");
    }

    private static JsonPath detail(long station) {
        return given().get("/api/v1/stations/" + station)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** rating_sum and rating_count as MySQL holds them. */
    private long[] ratingRow(long station) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT rating_sum, rating_count FROM station WHERE id = ?1")
                .setParameter(1, station)
                .getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    @Test
    void aReviewMovesTheRatingShownInDetailAndNearby() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("点评站", 100);
        review(
                        StationTestData.verifiedMember("张三").accessToken(),
                        id,
                        "{\"score\":5,\"tags\":[\"干净\",\" 服务好 \",\"干净\"],\"comment\":\" 水很凉 \"}")
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("stationId", is((int) id))
                .body("score", is(5))
                .body("tags", contains("干净", "服务好"))
                .body("comment", is("水很凉"))
                .body("createdAt", endsWith("+08:00")); // the service zone, Asia/Shanghai in tests
        review(StationTestData.verifiedMember("李四"), id, 4)
                .statusCode(201)
                .body("tags", empty())
                .body("comment", nullValue());
        review(StationTestData.verifiedMember("王五"), id, 4).statusCode(201);

        JsonPath s = detail(id);
        assertEquals(4.3, s.getDouble("rating"), 1e-9); // 13 / 3 to one decimal
        assertEquals(3, s.getInt("ratingCount"));
        JsonPath near = given().get("/api/v1/stations/nearby?lat=" + d.lat + "&lng=" + d.lng)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(id), near.getList("items.id", Long.class));
        assertEquals(4.3, near.getDouble("items[0].rating"), 1e-9);
        assertEquals(3, near.getInt("items[0].ratingCount"));
        assertEquals(13, ratingRow(id)[0]);
    }

    @Test
    void oneReviewPerStationPerServiceDay() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("每日站", 10);
        long other = d.createNorth("隔壁站", 20);
        Fixtures.MemberLogin m = StationTestData.verifiedMember("赵六");
        review(m, id, 5).statusCode(201);
        review(m, id, 1)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", is("ALREADY_REVIEWED_TODAY"));
        review(m, other, 3).statusCode(201); // the rule is per station
        assertEquals(1, detail(id).getInt("ratingCount"));
        assertEquals(5.0, detail(id).getDouble("rating"), 1e-9);

        clock.shift(Duration.ofDays(1));
        review(m, id, 1).statusCode(201);
        review(m, id, 1).statusCode(409).body("code", is("ALREADY_REVIEWED_TODAY"));
        assertEquals(2, detail(id).getInt("ratingCount"));
        assertEquals(3.0, detail(id).getDouble("rating"), 1e-9);
    }

    @Test
    void racingDoubleTapsOfOneMemberCountOnce() throws Exception {
        StationTestData d = new StationTestData();
        long id = d.createNorth("连点站", 10);
        Fixtures.MemberLogin m = StationTestData.verifiedMember("钱七");
        List<Integer> statuses =
                StationTestData.race(6, i -> review(m, id, 4).extract().statusCode());
        assertEquals(1, Collections.frequency(statuses, 201), statuses.toString());
        assertEquals(5, Collections.frequency(statuses, 409), statuses.toString());
        assertEquals(4, ratingRow(id)[0]);
        assertEquals(1, ratingRow(id)[1]);
    }

    @Test
    void tenMembersReviewingAtOnceAllCountExactly() throws Exception {
        StationTestData d = new StationTestData();
        long id = d.createNorth("热门站", 10);
        List<Fixtures.MemberLogin> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(StationTestData.verifiedMember("孙" + i));
        }
        List<Integer> statuses = StationTestData.race(
                10, i -> review(members.get(i), id, i % 5 + 1).extract().statusCode());
        assertEquals(Collections.nCopies(10, 201), statuses);
        assertEquals(30, ratingRow(id)[0]); // 2 × (1+2+3+4+5)
        assertEquals(10, ratingRow(id)[1]);
        assertEquals(10, detail(id).getInt("ratingCount"));
        assertEquals(3.0, detail(id).getDouble("rating"), 1e-9);
        given().get("/api/v1/stations/nearby?lat=" + d.lat + "&lng=" + d.lng)
                .then()
                .statusCode(200)
                .body("items[0].ratingCount", is(10));
    }

    @Test
    void outOfRangeScoresAndOversizeTextAreRefused() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("校验站", 10);
        String token = StationTestData.verifiedMember("周八").accessToken();
        invalid(token, id, "{\"score\":0}", "score");
        invalid(token, id, "{\"score\":6}", "score");
        invalid(token, id, "{}", "score");
        invalid(token, id, "{\"score\":\"five\"}", "score");
        invalid(token, id, "{\"score\":3,\"comment\":\"" + "好".repeat(201) + "\"}", "comment");
        invalid(token, id, "{\"score\":3,\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}", "tags");
        invalid(token, id, "{\"score\":3,\"tags\":[\"" + "x".repeat(17) + "\"]}", "tags");
        invalid(token, id, "{\"score\":3,\"tags\":[\" \"]}", "tags");
        invalid(token, id, "{\"score\":3,\"tags\":[\"a;b\"]}", "tags");
        review(token, id, "not json").statusCode(400).body("code", is("MALFORMED_JSON"));
        assertEquals(0, detail(id).getInt("ratingCount"));
        // the limits themselves are fine
        review(
                        token,
                        id,
                        "{\"score\":1,\"tags\":[\"a\",\"b\",\"c\",\"d\",\"" + "e".repeat(16) + "\"],\"comment\":\""
                                + "好".repeat(200) + "\"}")
                .statusCode(201);
    }

    private static void invalid(String token, long station, String body, String field) {
        review(token, station, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", startsWith(field));
    }

    @Test
    void onlyVerifiedMembersReviewLiveStations() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("身份站", 10);
        given().contentType(ContentType.JSON)
                .body("{\"score\":5}")
                .post("/api/v1/stations/" + id + "/reviews")
                .then()
                .statusCode(401)
                .body("code", is("UNAUTHENTICATED"));
        review(Fixtures.newMember(), id, 5).statusCode(403).body("code", is("NOT_VERIFIED"));
        review(d.admin, id, "{\"score\":5}").statusCode(403);
        Fixtures.MemberLogin m = StationTestData.verifiedMember("吴九");
        review(m, 99_999_999L, 5).statusCode(404).body("code", is("STATION_NOT_FOUND"));
        given().auth()
                .oauth2(d.admin)
                .delete("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(204);
        review(m, id, 5).statusCode(404).body("code", is("STATION_NOT_FOUND"));
        given().get("/api/v1/stations/" + id + "/reviews")
                .then()
                .statusCode(404)
                .body("code", is("STATION_NOT_FOUND"));
    }

    @Test
    void theListIsNewestFirstMaskedAndPaged() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("列表站", 10);
        review(StationTestData.verifiedMember("张三"), id, 5).statusCode(201);
        review(StationTestData.verifiedMember("李四四"), id, 4).statusCode(201);
        review(
                        StationTestData.verifiedMember("欧阳娜娜").accessToken(),
                        id,
                        "{\"score\":3,\"tags\":[\"宽敞\"],\"comment\":\"有空调\"}")
                .statusCode(201);

        JsonPath first = given().get("/api/v1/stations/" + id + "/reviews?limit=2")
                .then()
                .statusCode(200)
                .body("items.reviewer", contains("欧***", "李**"))
                .body("items.score", contains(3, 4))
                .body("items[0].tags", contains("宽敞"))
                .body("items[0].comment", is("有空调"))
                .body("items[0].createdAt", endsWith("+08:00"))
                .body("items[0]", not(hasKey("memberId")))
                .body("nextCursor", notNullValue())
                .extract()
                .jsonPath();
        given().get("/api/v1/stations/" + id + "/reviews?limit=2&cursor=" + first.getString("nextCursor"))
                .then()
                .statusCode(200)
                .body("items.reviewer", contains("张*"))
                .body("nextCursor", nullValue());
        given().get("/api/v1/stations/" + id + "/reviews")
                .then()
                .body("items.size()", is(3))
                .body("nextCursor", nullValue());
        given().get("/api/v1/stations/" + id + "/reviews?limit=0")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/stations/" + id + "/reviews?limit=101").then().statusCode(400);
        given().get("/api/v1/stations/" + id + "/reviews?cursor=bogus")
                .then()
                .statusCode(400)
                .body("code", is("INVALID_CURSOR"));
    }
}
