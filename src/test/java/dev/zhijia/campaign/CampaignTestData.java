package dev.zhijia.campaign;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/** Campaigns made and published through the admin API. */
public final class CampaignTestData {

    private static String admin;

    private CampaignTestData() {}

    /** One admin login per JVM: password hashing is deliberately slow. */
    public static synchronized String admin() {
        if (admin == null) {
            admin = Fixtures.adminToken();
        }
        return admin;
    }

    public static OffsetDateTime inHours(double hours) {
        return OffsetDateTime.now(ZoneOffset.ofHours(8))
                .plusSeconds((long) (hours * 3600))
                .withNano(0);
    }

    public static String audience(List<String> tags, List<String> orgIds) {
        return "{\"tags\":[" + quoted(tags) + "],\"orgIds\":[" + quoted(orgIds) + "]}";
    }

    public static String notice(String title, String audience) {
        return "{\"kind\":\"NOTICE\",\"title\":\"" + title + "\",\"body\":\"夏送清凉：本周六在驿站发放防暑用品。\",\"audience\":"
                + audience + "}";
    }

    public static String event(String title, String audience, int capacity) {
        return "{\"kind\":\"EVENT\",\"title\":\"" + title + "\",\"body\":\"职工联谊活动\",\"audience\":" + audience
                + ",\"event\":{\"startsAt\":\"" + inHours(48) + "\",\"location\":\"市总工会三楼\",\"capacity\":" + capacity
                + ",\"signupDeadline\":\"" + inHours(24) + "\"}}";
    }

    public static String vote(String title, String audience, List<String> options, int maxChoices) {
        return "{\"kind\":\"VOTE\",\"title\":\"" + title + "\",\"body\":\"职工线上点单：选出下季度兴趣课程\",\"audience\":" + audience
                + ",\"vote\":{\"options\":[" + quoted(options) + "],\"maxChoices\":" + maxChoices + ",\"closesAt\":\""
                + inHours(24) + "\"}}";
    }

    public static JsonPath create(String json) {
        return given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/admin/campaigns")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    public static JsonPath publish(long id) {
        return given().auth()
                .oauth2(admin())
                .post("/api/v1/admin/campaigns/" + id + "/publish")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static long published(String json) {
        long id = create(json).getLong("id");
        publish(id);
        return id;
    }

    /** Waits until every inbox entry of the campaign is written; returns the delivery report. */
    public static JsonPath awaitFanout(long id, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            JsonPath d = given().auth()
                    .oauth2(admin())
                    .get("/api/v1/admin/campaigns/" + id + "/delivery")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (d.getBoolean("fanoutDone")) {
                return d;
            }
            sleep(50);
        }
        fail("fan-out of campaign " + id + " did not finish in " + timeoutMillis + " ms");
        return null;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(","));
    }
}
