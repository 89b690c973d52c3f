package dev.zhijia.testsupport;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;

/** Staff accounts made and signed in through the API, for tests that need more than a token. */
public final class StaffAccounts {

    public static final String PASSWORD = "staff-password-1";

    private StaffAccounts() {}

    public record Login(long id, String username, String accessToken, String refreshToken) {

        public String subject() {
            return "staff:" + id;
        }
    }

    /** A new staff account bound to these stations, logged in. */
    public static Login create(List<Long> stationIds) {
        String username = Fixtures.unique("staff");
        long id = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "displayName", "站员", "stationIds", stationIds))
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        JsonPath tokens = logIn(username).then().statusCode(200).extract().jsonPath();
        return new Login(id, username, tokens.getString("accessToken"), tokens.getString("refreshToken"));
    }

    /** The {@code sub} claim of an access token. */
    public static String subjectOf(String accessToken) {
        String claims = new String(
                java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return new JsonPath(claims).getString("sub");
    }

    /** {@code POST /auth/login} with the staff password; the outcome is left to the test. */
    public static io.restassured.response.Response logIn(String username) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/v1/auth/login");
    }

    /** {@code POST /auth/refresh}; the outcome is left to the test. */
    public static io.restassured.response.Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", refreshToken))
                .post("/api/v1/auth/refresh");
    }
}
