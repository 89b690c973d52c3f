package dev.zhijia.benefit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@Tag("redis")
class BenefitAdminTest {

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.ofHours(8));

    private static ValidatableResponse post(String body) {
        return given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/benefits")
                .then();
    }

    @Test
    void termsAreValidated() {
        String title = Fixtures.unique("体检");
        post(BenefitTestData.body(title, 0, NOW, NOW.plusDays(1), "", "{}"))
                .statusCode(400)
                .body("violations[0].field", is("totalStock"));
        post(BenefitTestData.body(title, 10, NOW.plusDays(1), NOW, "", "{}"))
                .statusCode(400)
                .body("violations[0].field", is("closesAt"));
        post(BenefitTestData.body(title, 10, NOW, NOW.plusDays(1), "999999999", "{}"))
                .statusCode(400)
                .body("code", is("UNKNOWN_STATION"));
        post(BenefitTestData.body(title, 10, NOW, NOW.plusDays(1), "", "{\"tags\":[\"Not A Tag\"]}"))
                .statusCode(400)
                .body("violations[0].field", is("eligibility.tags[0]"));
        post(BenefitTestData.body(title, 10, NOW, NOW.plusDays(1), "", "{}")
                        .replace("\"perMemberLimit\":1", "\"perMemberLimit\":2"))
                .statusCode(400)
                .body("violations[0].field", is("perMemberLimit"));
        post(BenefitTestData.body(title, 10, NOW, NOW.plusDays(1), "", "{}").replace(NOW.toString(), "tomorrow"))
                .statusCode(400);
        given().auth()
                .oauth2(Fixtures.newMember().accessToken())
                .contentType(ContentType.JSON)
                .body(BenefitTestData.body(title, 10, NOW, NOW.plusDays(1), "", "{}"))
                .post("/api/v1/admin/benefits")
                .then()
                .statusCode(403);
    }

    @Test
    void termsChangeOnlyBeforeOpening() {
        long id = BenefitTestData.create(
                BenefitTestData.body(Fixtures.unique("礼包"), 10, NOW.plusHours(1), NOW.plusDays(1), "", "{}"));
        given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(BenefitTestData.body("改名礼包", 20, NOW.plusHours(1), NOW.plusDays(1), "", "{}"))
                .put("/api/v1/admin/benefits/" + id)
                .then()
                .statusCode(200)
                .body("totalStock", is(20))
                .body("remaining", is(20))
                .body("status", is("upcoming"));
        clock.shift(Duration.ofHours(2));
        given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(BenefitTestData.body("再改", 30, NOW.plusHours(1), NOW.plusDays(1), "", "{}"))
                .put("/api/v1/admin/benefits/" + id)
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_ALREADY_OPEN"));
    }

    @Test
    void everyoneListsBenefitsByStatusWithRemaining() {
        long open = BenefitTestData.openBenefit(7, "");
        long upcoming = BenefitTestData.create(
                BenefitTestData.body(Fixtures.unique("下周"), 3, NOW.plusDays(7), NOW.plusDays(8), "", "{}"));
        given().get("/api/v1/benefits?status=open&limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) open))
                .body("items.id", not(hasItem((int) upcoming)));
        given().get("/api/v1/benefits?status=upcoming&limit=100").then().body("items.id", hasItem((int) upcoming));
        given().get("/api/v1/benefits/" + open)
                .then()
                .body("remaining", is(7))
                .body("status", is("open"))
                .body("opensAt", org.hamcrest.Matchers.endsWith("+08:00"));
        given().get("/api/v1/benefits?status=soon").then().statusCode(400);
        given().get("/api/v1/benefits/999999999").then().statusCode(404).body("code", is("BENEFIT_NOT_FOUND"));
    }
}
