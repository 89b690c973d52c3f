package dev.zhijia.helpdesk;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.helpdesk.HelpdeskTestData.API;
import static dev.zhijia.helpdesk.HelpdeskTestData.assign;
import static dev.zhijia.helpdesk.HelpdeskTestData.move;
import static dev.zhijia.helpdesk.HelpdeskTestData.say;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole life of a case as API.md "Help desk" writes it, and what time does to cases. */
@QuarkusTest
class HelpdeskTest {

    @Inject
    ShiftableClock clock;

    @Inject
    HelpdeskSweeper sweeper;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aCaseFromFilingToRatedAndClosed() throws Exception {
        String org = HelpdeskTestData.org();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", org);
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        String admin = Fixtures.adminToken();
        byte[] photo = HelpdeskTestData.png(64, 48);
        long photoId = HelpdeskTestData.upload(member.accessToken(), "image/png", photo)
                .statusCode(201)
                .body("type", is("image/png"))
                .body("size", is(photo.length))
                .extract()
                .jsonPath()
                .getLong("attachmentId");
        long pdfId = HelpdeskTestData.upload(member.accessToken(), "application/pdf", HelpdeskTestData.pdf())
                .statusCode(201)
                .body("type", is("application/pdf"))
                .extract()
                .jsonPath()
                .getLong("attachmentId");

        JsonPath filed = Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "category", "WAGE_ARREARS",
                        "title", "工地拖欠三个月工资",
                        "description", "包工头拖欠工资18000元",
                        "contactPhone", "13800001234",
                        "attachmentIds", List.of(photoId, pdfId)))
                .post(API + "/me/cases")
                .then()
                .statusCode(201)
                .body("status", is("SUBMITTED"))
                .body("number", matchesPattern("ZJ-20\\d\\d-\\d{6,}"))
                .extract()
                .jsonPath();
        long caseId = filed.getLong("caseId");
        Fixtures.as(member)
                .get(API + "/me/cases")
                .then()
                .statusCode(200)
                .body("items[0].caseId", is((int) caseId))
                .body("items[0].number", is(filed.getString("number")));
        Fixtures.as(member)
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(200)
                .body("attachments.attachmentId", contains((int) photoId, (int) pdfId))
                .body("allowedTransitions", contains("WITHDRAWN"));
        // the owner gets the very bytes back
        byte[] back = Fixtures.as(member)
                .get(API + "/cases/" + caseId + "/attachments/" + photoId)
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertArrayEquals(photo, back);

        // a used upload cannot go into another case
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "category",
                        "OTHER",
                        "title",
                        "再来",
                        "description",
                        "x",
                        "contactPhone",
                        "13800001234",
                        "attachmentIds",
                        List.of(photoId)))
                .post(API + "/me/cases")
                .then()
                .statusCode(404)
                .body("code", is("ATTACHMENT_NOT_FOUND"));

        // admin: listed in the subtree, then assigned → ACCEPTED; the caseworker may not accept it themselves
        given().auth()
                .oauth2(admin)
                .get(API + "/admin/cases?status=SUBMITTED&category=WAGE_ARREARS&limit=100")
                .then()
                .statusCode(200)
                .body("items.caseId", hasItem((int) caseId));
        move(worker.accessToken(), caseId, "IN_PROGRESS", null).statusCode(404).body("code", is("CASE_NOT_FOUND"));
        try (LiveClient live = LiveClient.withHeader(RestAssured.port, member.accessToken(), null)) {
            assign(admin, caseId, worker.id())
                    .statusCode(200)
                    .body("status", is("ACCEPTED"))
                    .body("caseworkerName", is("李律师"));
            LiveClient.Frame f = live.awaitType("case", Duration.ofSeconds(10));
            assertEquals(caseId, f.json().getLong("caseId"));
            assertEquals("ACCEPTED", f.json().getString("status"));
        }
        given().auth()
                .oauth2(worker.accessToken())
                .get(API + "/caseworker/cases")
                .then()
                .statusCode(200)
                .body("items.caseId", hasItem((int) caseId));

        // the member may not work the case; an admin may not accept it twice
        move(member.accessToken(), caseId, "RESOLVED", null)
                .statusCode(403)
                .body("code", is("CASE_TRANSITION_FORBIDDEN"));
        move(worker.accessToken(), caseId, "RESOLVED", null)
                .statusCode(409)
                .body("code", is("CASE_TRANSITION_INVALID"))
                .body("status", is("ACCEPTED"));
        move(worker.accessToken(), caseId, "IN_PROGRESS", "已联系用人单位")
                .statusCode(200)
                .body("status", is("IN_PROGRESS"));

        // messages both ways; the caseworker's home count says one waits for them
        long fromMember = HelpdeskTestData.uploadPng(member);
        say(member.accessToken(), caseId, "补充一张欠条照片", fromMember)
                .statusCode(201)
                .body("attachments", hasSize(1));
        given().auth()
                .oauth2(worker.accessToken())
                .get(API + "/caseworker/cases/summary")
                .then()
                .statusCode(200)
                .body("open", is(1))
                .body("waiting", is(1));
        say(worker.accessToken(), caseId, "收到，下周一调解").statusCode(201).body("author", is("caseworker"));
        given().auth()
                .oauth2(worker.accessToken())
                .get(API + "/caseworker/cases/summary")
                .then()
                .statusCode(200)
                .body("waiting", is(0));
        // the caseworker sees the member's photo; an admin reads the case
        given().auth()
                .oauth2(worker.accessToken())
                .get(API + "/cases/" + caseId + "/attachments/" + fromMember)
                .then()
                .statusCode(200)
                .contentType("image/png");
        given().auth()
                .oauth2(admin)
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(200)
                .body("memberName", is("测**"))
                .body("messages.text", contains("补充一张欠条照片", "收到，下周一调解"))
                .body("messages[0].attachments[0].attachmentId", is((int) fromMember));

        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"score\":5}")
                .post(API + "/cases/" + caseId + "/rating")
                .then()
                .statusCode(409)
                .body("code", is("CASE_NOT_RATABLE"));
        move(worker.accessToken(), caseId, "RESOLVED", "已追回工资").statusCode(200).body("status", is("RESOLVED"));
        move(member.accessToken(), caseId, "WITHDRAWN", null)
                .statusCode(409)
                .body("code", is("CASE_TRANSITION_INVALID"));
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"score\":6}")
                .post(API + "/cases/" + caseId + "/rating")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"score\":5,\"comment\":\"非常感谢\"}")
                .post(API + "/cases/" + caseId + "/rating")
                .then()
                .statusCode(201)
                .body("rating", is(5));
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"score\":1}")
                .post(API + "/cases/" + caseId + "/rating")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_RATED"));
        move(member.accessToken(), caseId, "CLOSED", null).statusCode(200).body("status", is("CLOSED"));
        say(member.accessToken(), caseId, "还有问题").statusCode(409).body("code", is("CASE_CLOSED"));

        Fixtures.as(member)
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(200)
                .body(
                        "timeline.action",
                        contains(
                                "SUBMITTED",
                                "ACCEPTED",
                                "IN_PROGRESS",
                                "MESSAGE",
                                "MESSAGE",
                                "RESOLVED",
                                "RATED",
                                "CLOSED"))
                .body(
                        "timeline.actor",
                        contains(
                                "member",
                                "admin",
                                "caseworker",
                                "member",
                                "caseworker",
                                "caseworker",
                                "member",
                                "member"))
                .body("allowedTransitions", hasSize(0));

        // the member heard of every move and the caseworker's reply in the inbox
        List<String> inbox = Fixtures.as(member)
                .get(API + "/me/inbox?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.kind == 'CASE' }.title", String.class);
        assertEquals(6, inbox.size(), "SUBMITTED, ACCEPTED, IN_PROGRESS, reply, RESOLVED, CLOSED: " + inbox);

        // every caseworker and admin read of the case is on the audit trail
        List<String> reads = Fixtures.query(
                "SELECT CONCAT(actor, ' ', action) FROM audit_log WHERE target = ? OR target LIKE ? ORDER BY id",
                rs -> rs.getString(1),
                "id=" + caseId,
                "aid=% id=" + caseId);
        assertTrue(reads.contains("staff:" + worker.id() + " GET /cases/{id}/attachments/{aid}"), reads.toString());
        assertTrue(
                reads.stream().anyMatch(r -> r.endsWith(" GET /cases/{id}") && r.startsWith("staff:")),
                reads.toString());
        assertTrue(reads.stream().noneMatch(r -> r.startsWith("member:")), "members' own reads are not audited");
    }

    @Test
    void twoRacingTransitionsOneWins() {
        String org = HelpdeskTestData.org();
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        String admin = Fixtures.adminToken();
        for (int round = 0; round < 5; round++) {
            Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", org);
            long caseId = HelpdeskTestData.file(member);
            assign(admin, caseId, worker.id()).statusCode(200);
            move(worker.accessToken(), caseId, "IN_PROGRESS", null).statusCode(200);
            String path = API + "/cases/" + caseId + "/transitions";
            List<Burst.Answer> answers = Burst.fire(
                    List.of(
                            new Burst.Call("POST", path, worker.accessToken(), "{\"to\":\"RESOLVED\"}"),
                            new Burst.Call("POST", path, admin, "{\"to\":\"REJECTED\"}"),
                            new Burst.Call("POST", path, member.accessToken(), "{\"to\":\"WITHDRAWN\"}")),
                    3);
            long won = answers.stream().filter(a -> a.status() == 200).count();
            assertEquals(1, won, "exactly one move wins: " + answers);
            assertTrue(
                    answers.stream()
                            .filter(a -> a.status() != 200)
                            .allMatch(a -> a.status() == 409 && "CASE_TRANSITION_INVALID".equals(a.code())),
                    answers.toString());
            List<String> moves = Fixtures.query(
                    "SELECT action FROM help_case_event WHERE case_id = ? AND action IN ('RESOLVED','REJECTED','WITHDRAWN')",
                    rs -> rs.getString(1),
                    caseId);
            assertEquals(1, moves.size(), "one move on the timeline: " + moves);
        }
    }

    @Test
    void unacceptedCasesTurnOverdueAndResolvedOnesCloseThemselves() {
        String org = HelpdeskTestData.org();
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        String admin = Fixtures.adminToken();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", org);
        long late = HelpdeskTestData.file(member);
        long done = HelpdeskTestData.file(member);
        assign(admin, done, worker.id()).statusCode(200);
        move(worker.accessToken(), done, "IN_PROGRESS", null).statusCode(200);
        move(worker.accessToken(), done, "RESOLVED", null).statusCode(200);

        given().auth()
                .oauth2(admin)
                .get(API + "/admin/cases?overdue=true&limit=100")
                .then()
                .statusCode(200)
                .body("items.caseId", not(hasItem((int) late)));
        clock.shift(Duration.ofDays(2).plusMinutes(1));
        given().auth()
                .oauth2(admin)
                .get(API + "/admin/cases?overdue=true&limit=100")
                .then()
                .statusCode(200)
                .body("items.caseId", hasItem((int) late))
                .body("items.find { it.caseId == " + late + " }.overdue", is(true));
        sweeper.markOverdue();
        assertEquals(
                List.of(true),
                Fixtures.query(
                        "SELECT overdue_at IS NOT NULL FROM help_case WHERE id = ?", rs -> rs.getBoolean(1), late));
        sweeper.autoClose();
        assertFalse(closed(done), "not yet: resolved only two days ago");

        clock.shift(Duration.ofDays(5));
        sweeper.autoClose();
        assertTrue(closed(done));
        Fixtures.as(member)
                .get(API + "/cases/" + done)
                .then()
                .statusCode(200)
                .body("status", is("CLOSED"))
                .body("timeline[-1].actor", is("system"))
                .body("timeline[-1].note", is("自动结案"));
        sweeper.autoClose();
        assertEquals(
                1,
                Fixtures.query(
                                "SELECT COUNT(*) FROM help_case_event WHERE case_id = ? AND action = 'CLOSED'",
                                rs -> rs.getInt(1),
                                done)
                        .get(0),
                "closed once");
        // late acceptance keeps the overdue mark for the figures
        assign(admin, late, worker.id()).statusCode(200).body("overdue", is(false));
        assertEquals(
                List.of(true),
                Fixtures.query(
                        "SELECT overdue_at IS NOT NULL FROM help_case WHERE id = ?", rs -> rs.getBoolean(1), late));
    }

    @Test
    void figuresCountByCategoryWithMediansAndRatingAsJsonAndCsv() {
        String org = HelpdeskTestData.org();
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        String districtAdminUser = Fixtures.unique("hdadmin");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        districtAdminUser,
                        "password",
                        StaffAccounts.PASSWORD,
                        "displayName",
                        "区管理员",
                        "stationIds",
                        List.of(),
                        "roles",
                        List.of("admin"),
                        "orgId",
                        org))
                .post(API + "/admin/staff")
                .then()
                .statusCode(201);
        String admin = Fixtures.login(districtAdminUser, StaffAccounts.PASSWORD);
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", org);
        long a = HelpdeskTestData.file(member);
        long b = HelpdeskTestData.file(member);
        HelpdeskTestData.file(member);
        clock.shift(Duration.ofMinutes(30));
        assign(admin, a, worker.id()).statusCode(200);
        clock.shift(Duration.ofMinutes(60));
        assign(admin, b, worker.id()).statusCode(200);
        move(worker.accessToken(), a, "IN_PROGRESS", null).statusCode(200);
        move(worker.accessToken(), a, "RESOLVED", null).statusCode(200);
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"score\":4}")
                .post(API + "/cases/" + a + "/rating")
                .then()
                .statusCode(201);

        String today = clock.today().toString();
        JsonPath r = given().auth()
                .oauth2(admin)
                .get(API + "/admin/stats/cases?from=" + clock.today().minusDays(1) + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> wage = r.getMap("items.find { it.category == 'WAGE_ARREARS' }");
        assertEquals(3, wage.get("opened"));
        assertEquals(1, wage.get("resolved"));
        assertEquals(30, wage.get("medianMinutesToAccept"), "median of 30 and 90 (lower middle)");
        assertEquals(90, wage.get("medianMinutesToResolve"));
        assertEquals(4.0f, ((Number) wage.get("avgRating")).floatValue());
        assertEquals(3, r.getInt("total.opened"), "the district admin counts only their subtree");
        String csv = given().auth()
                .oauth2(admin)
                .get(API + "/admin/stats/cases.csv?from=" + clock.today().minusDays(1) + "&to=" + today)
                .then()
                .statusCode(200)
                .contentType("text/csv")
                .extract()
                .asString();
        assertTrue(csv.contains("\"WAGE_ARREARS\",\"欠薪维权\",3,1,0,30,90,1,4.0"), csv);
        given().auth()
                .oauth2(admin)
                .get(API + "/admin/stats/cases?from=" + today + "&to=2020-01-01")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
    }

    private static boolean closed(long caseId) {
        return Fixtures.query("SELECT status FROM help_case WHERE id = ?", rs -> rs.getString(1), caseId)
                .equals(List.of("CLOSED"));
    }
}
