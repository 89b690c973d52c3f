package dev.zhijia.member;

import java.util.List;
import java.util.Map;

import dev.zhijia.testsupport.Fixtures.MemberLogin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.as;
import static dev.zhijia.testsupport.Fixtures.asAdmin;
import static dev.zhijia.testsupport.Fixtures.newMember;
import static dev.zhijia.testsupport.Fixtures.rosterTags;
import static dev.zhijia.testsupport.Fixtures.verifiedMember;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
class JoinApplicationTest {

    private static final String PHONE = "13812345678";
    private static final String APPLICATIONS = "/api/v1/admin/join-applications";

    @Test
    void applyingIsPendingUntilDecided() {
        MemberLogin m = newMember();
        apply(m, PHONE).statusCode(201).body("id", notNullValue()).body("status", is("PENDING"));
        apply(m, PHONE).statusCode(409).body("code", is("APPLICATION_PENDING"));
    }

    @Test
    void aBadPhoneIsAValidationFailure() {
        apply(newMember(), "12345")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("phone"));
    }

    @Test
    void aVerifiedMemberNeedNotApply() {
        apply(verifiedMember("courier", "org-1"), PHONE).statusCode(409).body("code", is("ALREADY_VERIFIED"));
    }

    @Test
    void adminListMasksPhonesAndPagesNewestFirst() {
        long first = applied(newMember());
        long second = applied(newMember());
        long third = applied(newMember());

        // The three just made are the newest pending ones: one per page, newest first.
        String toSecond = onlyItemIs(pendingPage(null), third);
        assertNotNull(toSecond);
        String toFirst = onlyItemIs(pendingPage(toSecond), second);
        assertNotNull(toFirst);
        onlyItemIs(pendingPage(toFirst), first);
    }

    @Test
    void pagingParametersAreChecked() {
        list("?cursor=not-a-cursor").statusCode(400).body("code", is("INVALID_CURSOR"));
        list("?limit=0")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("limit"));
        list("?limit=101")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("limit"));
        list("?limit=100").statusCode(200);
    }

    @Test
    void anUnknownStatusFilterIsABadRequest() {
        list("?status=DONE")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("status"));
    }

    @Test
    void approvingPutsTheApplicantOnTheRosterAndVerifiesThem() {
        MemberLogin m = newMember();
        long id = applied(m);

        decide(id, "approve", Map.of("orgId", "org-3", "tags", List.of("rider", "courier")))
                .statusCode(200)
                .body("status", is("APPROVED"))
                .body("rosterId", notNullValue());

        String cardNo = as(m).when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("verified", is(true))
                .body("name", is("李小红"))
                .body("tags", contains("courier", "rider"))
                .body("orgId", is("org-3"))
                .extract()
                .path("cardNo");
        assertEquals(List.of("courier", "rider"), rosterTags(cardNo));

        decide(id, "approve", null).statusCode(409).body("code", is("APPLICATION_NOT_PENDING"));
        apply(m, PHONE).statusCode(409).body("code", is("ALREADY_VERIFIED"));
    }

    @Test
    void approvingWithoutDetailsIssuesACardNumber() {
        MemberLogin m = newMember();
        decide(applied(m), "approve", null).statusCode(200).body("status", is("APPROVED"));

        as(m).when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("verified", is(true))
                .body("cardNo", startsWith("ZJ"))
                .body("tags", empty());
    }

    @Test
    void rejectingKeepsTheReasonAndTheWorkerMayApplyAgain() {
        MemberLogin m = newMember();
        long id = applied(m);

        decide(id, "reject", Map.of("reason", "资料不全"))
                .statusCode(200)
                .body("status", is("REJECTED"))
                .body("reason", is("资料不全"));
        list("?status=REJECTED&limit=1").statusCode(200).body("items[0].id", is((int) id));
        decide(id, "reject", null).statusCode(409).body("code", is("APPLICATION_NOT_PENDING"));

        apply(m, PHONE).statusCode(201).body("status", is("PENDING"));
        as(m).when().get("/api/v1/me").then().body("verified", is(false));
    }

    @Test
    void anUnknownApplicationIsNotFound() {
        decide(9_000_000_000L, "approve", null).statusCode(404).body("code", is("APPLICATION_NOT_FOUND"));
        decide(9_000_000_000L, "reject", null).statusCode(404).body("code", is("APPLICATION_NOT_FOUND"));
    }

    @Test
    void membersCannotUseTheAdminEndpoints() {
        MemberLogin m = newMember();
        long id = applied(m);
        as(m).when().get(APPLICATIONS).then().statusCode(403);
        as(m).noContentType()
                .when()
                .post(APPLICATIONS + "/" + id + "/approve")
                .then()
                .statusCode(403);
        as(m).noContentType()
                .when()
                .post(APPLICATIONS + "/" + id + "/reject")
                .then()
                .statusCode(403);
        list("?status=PENDING&limit=1").body("items[0].id", is((int) id));
    }

    private static ValidatableResponse apply(MemberLogin m, String phone) {
        return as(m).contentType(ContentType.JSON)
                .body(Map.of("name", "李小红", "phone", phone, "employer", "顺丰速运", "occupation", "快递员"))
                .when()
                .post("/api/v1/me/join-application")
                .then();
    }

    private static long applied(MemberLogin m) {
        return apply(m, PHONE).statusCode(201).extract().jsonPath().getLong("id");
    }

    private static ValidatableResponse list(String query) {
        return asAdmin().when().get(APPLICATIONS + query).then();
    }

    private static ValidatableResponse pendingPage(String cursor) {
        return list("?status=PENDING&limit=1" + (cursor == null ? "" : "&cursor=" + cursor))
                .statusCode(200);
    }

    /** Checks that the page holds just this application, its phone masked; returns the next cursor. */
    private static String onlyItemIs(ValidatableResponse page, long id) {
        return page.body("items", hasSize(1))
                .body("items[0].id", is((int) id))
                .body("items[0].status", is("PENDING"))
                .body("items[0].phone", is("138****5678"))
                .extract()
                .path("nextCursor");
    }

    /** {@code approve} or {@code reject}, with an optional JSON body. */
    private static ValidatableResponse decide(long id, String action, Map<String, ?> body) {
        RequestSpecification request = body == null
                ? asAdmin().noContentType() // as curl sends it; rest-assured would add a form content type
                : asAdmin().contentType(ContentType.JSON).body(body);
        return request.when().post(APPLICATIONS + "/" + id + "/" + action).then();
    }
}
