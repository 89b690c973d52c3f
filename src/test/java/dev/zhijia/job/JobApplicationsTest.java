package dev.zhijia.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One-tap applications, the admin pipeline and what each side may see. */
@QuarkusTest
class JobApplicationsTest {

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A verified member whose roster line has this name and phone. */
    private static Fixtures.MemberLogin applicant(String name, String phone) {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String card = Fixtures.unique("J");
        Fixtures.importRoster("name,cardNo,phone,orgId,tags\n" + name + "," + card + "," + phone + ",org-1,courier\n");
        Fixtures.as(m)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"cardNo\":\"" + card + "\"}")
                .post("/api/v1/me/verification")
                .then()
                .statusCode(200);
        return m;
    }

    private static long job(int headcount) {
        String cat = JobTestData.category("测试");
        return JobTestData.post("快递分拣员", "中通快运", cat, JobTestData.LAT, JobTestData.LNG, 4000, 6000, headcount, "");
    }

    @Test
    void applyOnceAndFollowTheStatusToHired() throws Exception {
        long job = job(2);
        Fixtures.MemberLogin m = applicant("欧阳娜娜", "13912345678");
        long app = JobTestData.apply(m, job)
                .statusCode(201)
                .body("status", is("APPLIED"))
                .body("jobId", is((int) job))
                .body("title", is("快递分拣员"))
                .extract()
                .jsonPath()
                .getLong("applicationId");
        JobTestData.apply(m, job)
                .statusCode(409)
                .body("code", is("ALREADY_APPLIED"))
                .body("applicationId", is((int) app));
        given().get("/api/v1/jobs/" + job).then().body("applications", is(1));

        // admins see the applicant's name and phone in full: applying handed them over
        Fixtures.asAdmin()
                .get("/api/v1/admin/jobs/" + job + "/applications")
                .then()
                .statusCode(200)
                .body("items[0].applicationId", is((int) app))
                .body("items[0].name", is("欧阳娜娜"))
                .body("items[0].phone", is("13912345678"))
                .body("items[0].note", is("周末可到岗"));

        try (LiveClient live = LiveClient.withHeader(RestAssured.port, m.accessToken(), null)) {
            JobTestData.move(app, "VIEWED").statusCode(200).body("status", is("VIEWED"));
            JobTestData.move(app, "INTERVIEW")
                    .statusCode(200)
                    .body("status", is("INTERVIEW"))
                    .body("statusNote", is("请带身份证"));
            LiveClient.Frame f = live.awaitType("job-application", Duration.ofSeconds(10));
            assertEquals(app, f.json().getLong("applicationId"));
            JobTestData.move(app, "HIRED").statusCode(200).body("status", is("HIRED"));
        }
        Fixtures.as(m)
                .get("/api/v1/me/applications")
                .then()
                .statusCode(200)
                .body("items[0].applicationId", is((int) app))
                .body("items[0].status", is("HIRED"))
                .body("items[0].statusLabel", is("已录用"))
                .body("items[0].title", is("快递分拣员"));
        Fixtures.as(m)
                .get("/api/v1/me/inbox")
                .then()
                .body("items[0].kind", is("JOB_APPLICATION"))
                .body("items[0].refId", is((int) app))
                .body("items[0].title", is("求职进度：已录用"));
        given().get("/api/v1/jobs/" + job).then().body("hired", is(1)).body("open", is(true));
        // the same step again is an answer, not a second notice
        JobTestData.move(app, "HIRED").statusCode(200).body("status", is("HIRED"));
        assertEquals(
                3,
                Fixtures.query(
                                "SELECT COUNT(*) FROM inbox_message WHERE member_id = ? AND kind = 'JOB_APPLICATION'",
                                rs -> rs.getInt(1),
                                m.id())
                        .get(0));
    }

    @Test
    void invalidStepsAre409WithTheCurrentStatus() {
        long job = job(1);
        Fixtures.MemberLogin m = applicant("李四", "13700001234");
        long app =
                JobTestData.apply(m, job).statusCode(201).extract().jsonPath().getLong("applicationId");
        JobTestData.move(app, "HIRED")
                .statusCode(409)
                .body("code", is("APPLICATION_TRANSITION_INVALID"))
                .body("status", is("APPLIED"));
        JobTestData.move(app, "REJECTED").statusCode(200);
        JobTestData.move(app, "INTERVIEW")
                .statusCode(409)
                .body("code", is("APPLICATION_TRANSITION_INVALID"))
                .body("status", is("REJECTED"));
        JobTestData.move(app, "APPLIED").statusCode(400).body("code", is("VALIDATION_FAILED"));
        JobTestData.move(app, "WITHDRAWN").statusCode(400).body("code", is("VALIDATION_FAILED"));
        JobTestData.move(app, "SIGNED").statusCode(400);
        JobTestData.move(999_999_999, "VIEWED").statusCode(404).body("code", is("APPLICATION_NOT_FOUND"));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"status\":\"VIEWED\",\"note\":\"" + "长".repeat(201) + "\"}")
                .post("/api/v1/admin/applications/" + app + "/status")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        Fixtures.as(m)
                .delete("/api/v1/me/applications/" + app)
                .then()
                .statusCode(409)
                .body("code", is("APPLICATION_TRANSITION_INVALID"));
    }

    @Test
    void withdrawnApplicantsAreMaskedAndOthersCannotTouchThem() {
        long job = job(1);
        Fixtures.MemberLogin m = applicant("王小明", "13612345678");
        Fixtures.MemberLogin other = applicant("赵六", "13500001111");
        long app =
                JobTestData.apply(m, job).statusCode(201).extract().jsonPath().getLong("applicationId");
        Fixtures.as(other)
                .delete("/api/v1/me/applications/" + app)
                .then()
                .statusCode(404)
                .body("code", is("APPLICATION_NOT_FOUND"));
        Fixtures.as(other)
                .post("/api/v1/admin/applications/" + app + "/status")
                .then()
                .statusCode(403);
        Fixtures.as(other)
                .get("/api/v1/admin/jobs/" + job + "/applications")
                .then()
                .statusCode(403);
        given().get("/api/v1/me/applications").then().statusCode(401);
        Fixtures.as(m)
                .delete("/api/v1/me/applications/" + app)
                .then()
                .statusCode(200)
                .body("status", is("WITHDRAWN"));
        Fixtures.asAdmin()
                .get("/api/v1/admin/jobs/" + job + "/applications?status=WITHDRAWN")
                .then()
                .statusCode(200)
                .body("items[0].name", is("王**"))
                .body("items[0].phone", is("136****5678"));
        Fixtures.asAdmin()
                .get("/api/v1/admin/jobs/" + job + "/applications?status=APPLIED")
                .then()
                .body("items.size()", is(0));
        Fixtures.asAdmin()
                .get("/api/v1/admin/jobs/999999999/applications")
                .then()
                .statusCode(404)
                .body("code", is("JOB_NOT_FOUND"));
        // withdrawn is final: applying again is still the one application
        JobTestData.apply(m, job).statusCode(409).body("code", is("ALREADY_APPLIED"));
    }

    @Test
    void onlyVerifiedMembersApplyToOpenPosts() {
        long job = job(1);
        given().post("/api/v1/jobs/" + job + "/applications").then().statusCode(401);
        Fixtures.as(Fixtures.newMember())
                .post("/api/v1/jobs/" + job + "/applications")
                .then()
                .statusCode(403)
                .body("code", is("NOT_VERIFIED"));
        Fixtures.MemberLogin m = applicant("钱七", "13400001111");
        // one tap: no body at all
        Fixtures.as(m)
                .post("/api/v1/jobs/" + job + "/applications")
                .then()
                .statusCode(201)
                .body("note", nullValue());
        Fixtures.MemberLogin late = applicant("孙八", "13300001111");
        Fixtures.as(late)
                .contentType(ContentType.JSON)
                .body("{\"note\":\"" + "长".repeat(201) + "\"}")
                .post("/api/v1/jobs/" + job + "/applications")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        JobTestData.apply(late, 999_999_999).statusCode(404).body("code", is("JOB_NOT_FOUND"));
        clock.shift(Duration.ofDays(31));
        JobTestData.apply(late, job).statusCode(409).body("code", is("JOB_CLOSED"));
        clock.reset();
        Fixtures.asAdmin().delete("/api/v1/admin/jobs/" + job).then().statusCode(204);
        JobTestData.apply(late, job).statusCode(404).body("code", is("JOB_NOT_FOUND"));
        given().get("/api/v1/jobs/" + job).then().statusCode(404);
        // the member still sees what they applied to
        Fixtures.as(m).get("/api/v1/me/applications").then().body("items[0].jobOpen", is(false));
    }

    /** A burst of double taps makes one application; racing hires for the last seat give it once, and the post closes. */
    @Test
    void doubleTapsAndTheLastSeatUnderRealParallelRequests() {
        long job = job(1);
        Fixtures.MemberLogin m = applicant("周九", "13200001111");
        List<Burst.Call> taps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            taps.add(new Burst.Call("POST", "/api/v1/jobs/" + job + "/applications", m.accessToken(), "{}"));
        }
        Map<Integer, Long> answers = Burst.fire(taps, 20).stream()
                .collect(Collectors.groupingBy(Burst.Answer::status, Collectors.counting()));
        assertEquals(Map.of(201, 1L, 409, 19L), answers);
        given().get("/api/v1/jobs/" + job).then().body("applications", is(1));

        List<Long> apps = new ArrayList<>(
                List.of(Fixtures.query("SELECT id FROM job_application WHERE job_id = ?", rs -> rs.getLong(1), job)
                        .get(0)));
        for (int i = 0; i < 5; i++) {
            apps.add(JobTestData.apply(applicant("候选" + i, "1310000000" + i), job)
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("applicationId"));
        }
        String admin = Fixtures.adminToken();
        List<Burst.Call> hires = new ArrayList<>();
        for (long app : apps) {
            JobTestData.move(app, "INTERVIEW").statusCode(200);
            hires.add(new Burst.Call(
                    "POST", "/api/v1/admin/applications/" + app + "/status", admin, "{\"status\":\"HIRED\"}"));
        }
        List<Burst.Answer> results = Burst.fire(hires, hires.size());
        assertEquals(1, results.stream().filter(a -> a.status() == 200).count(), results.toString());
        assertEquals(
                apps.size() - 1,
                results.stream()
                        .filter(a -> a.status() == 409 && "HEADCOUNT_FILLED".equals(a.code()))
                        .count());
        given().get("/api/v1/jobs/" + job)
                .then()
                .body("hired", is(1))
                .body("open", is(false))
                .body("status", is("FILLED"));
        JobTestData.apply(applicant("吴十", "13000001111"), job).statusCode(409).body("code", is("JOB_CLOSED"));
        assertEquals(
                1,
                Fixtures.query(
                                "SELECT COUNT(*) FROM job_application WHERE job_id = ? AND status = 'HIRED'",
                                rs -> rs.getInt(1),
                                job)
                        .get(0));
    }
}
