package dev.zhijia.job;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Job posts through the admin API. Each test makes its own category, so its searches see only its own posts. */
public final class JobTestData {

    /** 杭州 西湖 (GCJ-02): where the tests' posts cluster. */
    static final double LAT = 30.2590;

    static final double LNG = 120.1300;

    private JobTestData() {}

    /** A fresh category (the filter that isolates a test's posts); returns its code. */
    public static String category(String name) {
        String code = Fixtures.unique("cat-");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}")
                .put("/api/v1/admin/jobs/categories/" + code)
                .then()
                .statusCode(200);
        return code;
    }

    static String body(
            String title,
            String employer,
            String category,
            double lat,
            double lng,
            int salaryMin,
            int salaryMax,
            int headcount,
            String description) {
        return "{\"title\":\"" + title + "\",\"employer\":\"" + employer + "\",\"category\":\"" + category
                + "\",\"district\":\"xihu\","
                + "\"address\":\"文三路1号\",\"lat\":" + lat + ",\"lng\":" + lng + ",\"salaryMin\":" + salaryMin
                + ",\"salaryMax\":" + salaryMax
                + ",\"description\":\"" + description + "\",\"headcount\":" + headcount + ",\"closesAt\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(30) + "\",\"tags\":[\"五险一金\"]}";
    }

    static ValidatableResponse create(String body) {
        return Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/jobs")
                .then();
    }

    public static long post(String title, String employer, String category) {
        return post(title, employer, category, LAT, LNG, 4000, 6000, 3, "");
    }

    static long post(
            String title,
            String employer,
            String category,
            double lat,
            double lng,
            int salaryMin,
            int salaryMax,
            int headcount,
            String description) {
        return create(body(title, employer, category, lat, lng, salaryMin, salaryMax, headcount, description))
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    public static ValidatableResponse apply(Fixtures.MemberLogin m, long job) {
        return given().auth()
                .oauth2(m.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"note\":\"周末可到岗\"}")
                .post("/api/v1/jobs/" + job + "/applications")
                .then();
    }

    static ValidatableResponse move(long application, String status) {
        return Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"status\":\"" + status + "\",\"note\":\"请带身份证\"}")
                .post("/api/v1/admin/applications/" + application + "/status")
                .then();
    }
}
