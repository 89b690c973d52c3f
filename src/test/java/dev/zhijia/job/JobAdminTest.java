package dev.zhijia.job;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Posting, editing and deleting jobs; views through Redis into MySQL; the monthly figures and their CSV. */
@QuarkusTest
class JobAdminTest {

    @Inject
    JobViews views;

    @Inject
    RedisDataSource redis;

    @Inject
    EntityManager em;

    private static void refused(String body, String field) {
        JobTestData.create(body)
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", hasItem(field));
    }

    @Test
    void postsAreValidatedAndOnlyAdminsWriteThem() {
        String cat = JobTestData.category("校验");
        String ok = JobTestData.body("保洁员", "物业", cat, 30.25, 120.13, 3000, 4000, 2, "");
        refused(ok.replaceAll("\"closesAt\":\"[^\"]+\"", "\"closesAt\":\"2020-01-01T00:00:00+08:00\""), "closesAt");
        refused(ok.replace("\"salaryMin\":3000", "\"salaryMin\":5000"), "salaryMax");
        refused(ok.replace(cat, "no-such-category"), "category");
        refused(ok.replace("\"xihu\"", "\"no-such-district\""), "district");
        refused(ok.replace("\"headcount\":2", "\"headcount\":0"), "headcount");
        refused(ok.replace("\"title\":\"保洁员\"", "\"title\":\"" + "长".repeat(51) + "\""), "title");
        refused(ok.replace("\"lat\":30.25", "\"lat\":91"), "lat");
        JobTestData.create("{\"title\":").statusCode(400);
        // the owner is the admin's org unless they name one of their subtree that exists
        JobTestData.create(ok.substring(0, ok.length() - 1) + ",\"orgId\":\"" + Fixtures.unique("nowhere-") + "\"}")
                .statusCode(404)
                .body("code", is("ORG_NOT_FOUND"));
        given().contentType(ContentType.JSON)
                .body(ok)
                .post("/api/v1/admin/jobs")
                .then()
                .statusCode(401);
        Fixtures.as(Fixtures.newMember())
                .contentType(ContentType.JSON)
                .body(ok)
                .post("/api/v1/admin/jobs")
                .then()
                .statusCode(403);
        Fixtures.as(Fixtures.newMember())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .put("/api/v1/admin/jobs/categories/x")
                .then()
                .statusCode(403);
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .put("/api/v1/admin/jobs/categories/Bad Code")
                .then()
                .statusCode(400);

        // WGS-84 input is stored as GCJ-02, like stations
        double lat = JobTestData.create(ok.replace("\"lat\":30.25", "\"datum\":\"WGS84\",\"lat\":30.25"))
                .statusCode(201)
                .body("orgId", is("root"))
                .extract()
                .jsonPath()
                .getDouble("lat");
        assertNotEquals(30.25, lat);
        assertEquals(30.25, lat, 0.01);
    }

    @Test
    void editDeleteAndTheAdminList() {
        String cat = JobTestData.category("编辑");
        long id = JobTestData.post("厨师", "饭店", cat);
        String changed = JobTestData.body("厨师长", "饭店", cat, 30.26, 120.14, 6000, 9000, 1, "川菜");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(changed)
                .put("/api/v1/admin/jobs/" + id)
                .then()
                .statusCode(200)
                .body("title", is("厨师长"))
                .body("description", is("川菜"))
                .body("headcount", is(1));
        Fixtures.asAdmin()
                .get("/api/v1/admin/jobs?limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) id));
        Fixtures.asAdmin().delete("/api/v1/admin/jobs/" + id).then().statusCode(204);
        Fixtures.asAdmin()
                .delete("/api/v1/admin/jobs/" + id)
                .then()
                .statusCode(404)
                .body("code", is("JOB_NOT_FOUND"));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(changed)
                .put("/api/v1/admin/jobs/" + id)
                .then()
                .statusCode(404)
                .body("code", is("JOB_NOT_FOUND"));
        Fixtures.asAdmin().get("/api/v1/admin/jobs?limit=100").then().body("items.id", not(hasItem((int) id)));
    }

    @Test
    void viewsAreCountedInRedisAndFlushedOnce() {
        String cat = JobTestData.category("浏览");
        long id = JobTestData.post("外卖骑手", "美团", cat);
        views.flush();
        for (int i = 1; i <= 3; i++) {
            given().get("/api/v1/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .body("views", is(i)); // the unflushed views count too
        }
        // the scheduled flush (every 10 s) may already have moved some of them: the total is what must hold
        views.flush();
        assertEquals(3L, dbViews(id));
        views.flush();
        assertEquals(3L, dbViews(id));
        given().get("/api/v1/jobs/" + id).then().body("views", is(4));

        // a batch some replica sealed and applied but could not delete counts once
        views.flush();
        redis.hash(Long.class).hset(JobViews.BATCH + "left-behind", Map.of(Long.toString(id), 100L));
        redis.set(String.class).sadd(JobViews.PENDING, "left-behind");
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "INSERT INTO job_view_flush (id, flushed_at) VALUES ('left-behind', NOW())")
                        .executeUpdate());
        views.flush();
        assertEquals(4L, dbViews(id));
        assertEquals(0L, (long) redis.set(String.class).scard(JobViews.PENDING));
        // and one nobody applied yet is applied
        redis.hash(Long.class).hset(JobViews.BATCH + "orphan", Map.of(Long.toString(id), 10L));
        redis.set(String.class).sadd(JobViews.PENDING, "orphan");
        views.flush();
        assertEquals(14L, dbViews(id));
    }

    @Test
    void figuresPerCategoryAndMonthWithCsv() {
        String cat = JobTestData.category("=HYPERLINK(\\\"x\\\")");
        long job = JobTestData.post("搬运工", "物流园", cat);
        JobTestData.post("理货员", "物流园", cat);
        Fixtures.MemberLogin m = Fixtures.verifiedMember("courier", "org-1");
        long app =
                JobTestData.apply(m, job).statusCode(201).extract().jsonPath().getLong("applicationId");
        JobTestData.move(app, "INTERVIEW").statusCode(200);
        JobTestData.move(app, "HIRED").statusCode(200);
        views.flush();
        given().get("/api/v1/jobs/" + job).then().statusCode(200);
        given().get("/api/v1/jobs/" + job).then().statusCode(200);
        views.flush();
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs")
                .then()
                .statusCode(200)
                .body("to", is(month))
                .body("items.find { it.category == '" + cat + "' }.month", is(month))
                .body("items.find { it.category == '" + cat + "' }.posts", is(2))
                .body("items.find { it.category == '" + cat + "' }.views", is(2))
                .body("items.find { it.category == '" + cat + "' }.applications", is(1))
                .body("items.find { it.category == '" + cat + "' }.hires", is(1));
        byte[] csv = Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs.csv?from=" + month + "&to=" + month)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFFmonth,category,categoryName,posts,views,applications,hires\r\n"), text);
        assertTrue(text.contains(month + ",\"" + cat + "\",\"'=HYPERLINK(\"\"x\"\")\",2,2,1,1\r\n"), text);
        Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs?from=2026-13")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs?from=2024-01&to=2026-01")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs?from=2026-05&to=2026-04")
                .then()
                .statusCode(400);
        Fixtures.as(m).get("/api/v1/admin/stats/jobs").then().statusCode(403);
        Fixtures.asAdmin().get("/api/v1/admin/stats/overview").then().statusCode(200);
    }

    private static long dbViews(long id) {
        List<Long> v = Fixtures.query("SELECT views FROM job_post WHERE id = ?", rs -> rs.getLong(1), id);
        return v.get(0);
    }
}
