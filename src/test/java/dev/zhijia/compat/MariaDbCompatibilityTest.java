package dev.zhijia.compat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import dev.zhijia.testsupport.Fixtures;

/**
 * Production runs MySQL 8; the local servers here run MariaDB 10.11. The same migrations and journeys
 * must work on both (MySqlTestResource points this profile at the MariaDB on 127.0.0.1:3306).
 */
@QuarkusTest
@TestProfile(MariaDbCompatibilityTest.MariaDbProfile.class)
class MariaDbCompatibilityTest {

    public static class MariaDbProfile implements QuarkusTestProfile {
    }

    @Inject
    EntityManager em;

    @Test
    void runsOnMariaDb() {
        String version = (String) em.createNativeQuery("SELECT VERSION()").getSingleResult();
        assertTrue(version.contains("MariaDB"), "this profile must run on MariaDB, got " + version);
    }

    @Test
    void foundationJourneysWork() {
        String card = Fixtures.unique("MDB");
        Fixtures.asAdmin().contentType("text/csv; charset=UTF-8").body("\uFEFF姓名,会员卡号,手机号,组织,标签\n欧阳娜娜," + card + ",13812345678,org-1,rider;courier\n")
                .post("/api/v1/admin/roster").then().statusCode(200).body("imported", is(1));
        Fixtures.MemberLogin m = Fixtures.newMember();
        given().auth().oauth2(m.accessToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"欧阳娜娜\",\"cardNo\":\"" + card + "\"}").post("/api/v1/me/verification")
                .then().statusCode(200).body("verified", is(true)).body("name", is("欧阳娜娜"))
                .body("tags", hasItems("courier", "rider"));
        Fixtures.MemberLogin other = Fixtures.newMember();
        given().auth().oauth2(other.accessToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"欧阳娜娜\",\"cardNo\":\"" + card + "\"}").post("/api/v1/me/verification")
                .then().statusCode(409).body("code", is("CARD_ALREADY_BOUND"));
        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .post("/api/v1/auth/refresh").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .post("/api/v1/auth/refresh").then().statusCode(401).body("code", is("REFRESH_TOKEN_REUSED"));
    }
}
