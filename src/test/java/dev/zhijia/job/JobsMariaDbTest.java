package dev.zhijia.job;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.MariaDbProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MariaDB 10.11 has no n-gram parser: V13 skips the FULLTEXT index there and search falls back to LIKE on
 * title, employer and description — the same answers (and a one-character word matches anywhere, even at
 * the end of a text), found by scanning the open posts. Everything else of jobs runs unchanged.
 */
@QuarkusTest
@TestProfile(MariaDbProfile.class)
class JobsMariaDbTest {

    @Inject
    EntityManager em;

    @Inject
    JobSearch search;

    @Inject
    JobViews views;

    private static List<String> titles(String query) {
        return given().get("/api/v1/jobs?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.title", String.class);
    }

    @Test
    void searchFallsBackToLikeAndTheJourneyWorks() {
        String version = (String) em.createNativeQuery("SELECT VERSION()").getSingleResult();
        assertTrue(version.contains("MariaDB"), "this profile must run on MariaDB, got " + version);
        assertEquals(JobSearch.Strategy.LIKE, search.strategy());

        String cat = JobTestData.category("物流");
        long sorter = JobTestData.post("快递分拣员", "中通快运", cat);
        JobTestData.post("顺丰快递员", "顺丰速运", cat, JobTestData.LAT + 0.01, JobTestData.LNG, 4000, 6000, 1, "");
        JobTestData.post("小区保安", "物业公司", cat, JobTestData.LAT, JobTestData.LNG, 3000, 3500, 1, "夜班");
        assertEquals(List.of("顺丰快递员", "快递分拣员"), titles("q=快递&category=" + cat));
        assertEquals(List.of("顺丰快递员"), titles("q=快递员&category=" + cat));
        assertEquals(List.of("小区保安"), titles("q=安&category=" + cat)); // the last character of a title, too
        assertEquals(List.of("小区保安"), titles("q=夜班 保安&category=" + cat));
        assertEquals(
                List.of("快递分拣员", "小区保安", "顺丰快递员"),
                titles("lat=" + JobTestData.LAT + "&lng=" + JobTestData.LNG + "&category=" + cat));

        Fixtures.MemberLogin m = Fixtures.verifiedMember("courier", "org-1");
        long app = JobTestData.apply(m, sorter)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("applicationId");
        JobTestData.apply(m, sorter).statusCode(409).body("code", is("ALREADY_APPLIED"));
        JobTestData.move(app, "INTERVIEW").statusCode(200);
        JobTestData.move(app, "HIRED").statusCode(200);
        given().get("/api/v1/jobs/" + sorter)
                .then()
                .statusCode(200)
                .body("hired", is(1))
                .body("views", is(1));
        views.flush();
        views.flush();
        given().get("/api/v1/jobs/" + sorter).then().body("views", is(2));
        Fixtures.asAdmin()
                .get("/api/v1/admin/stats/jobs")
                .then()
                .statusCode(200)
                .body("items.find { it.category == '" + cat + "' }.hires", is(1))
                .body("items.find { it.category == '" + cat + "' }.views", is(1));
    }
}
