package dev.zhijia.staff;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.asAdmin;
import static dev.zhijia.testsupport.Fixtures.staffToken;
import static dev.zhijia.testsupport.Fixtures.station;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class StaffAdminTest {

    private static final String PASSWORD = "staff-password-1";

    @Test
    void adminCreatesStaffForStationsWhoThenLogIn() {
        long north = station(unique("北站"));
        long south = station(unique("南站"));
        String username = unique("staff");

        create(asAdmin(), username, PASSWORD, List.of(south, north))
                .statusCode(201)
                .body("username", is(username))
                .body("displayName", is("站员"))
                .body("role", is("staff"))
                .body("stationIds", contains((int) north, (int) south));

        logIn(username, PASSWORD).statusCode(200).body("role", is("staff"));
    }

    @Test
    void anUnknownStationCreatesNothing() {
        String username = unique("staff");
        create(asAdmin(), username, PASSWORD, List.of(station(unique("站")), 9_000_000_000L))
                .statusCode(400)
                .body("code", is("UNKNOWN_STATION"));
        logIn(username, PASSWORD).statusCode(401);
    }

    @Test
    void usernamesAreUnique() {
        String username = unique("staff");
        create(asAdmin(), username, PASSWORD, List.of()).statusCode(201);
        create(asAdmin(), username, "another-password", List.of())
                .statusCode(409)
                .body("code", is("USERNAME_TAKEN"));
        logIn(username, PASSWORD).statusCode(200);
    }

    @Test
    void aShortPasswordIsAValidationFailure() {
        create(asAdmin(), unique("staff"), "short", List.of())
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("password"));
    }

    @Test
    void adminListsStaffWithTheirStations() {
        long stationId = station(unique("站"));
        String username = unique("staff");
        create(asAdmin(), username, PASSWORD, List.of(stationId)).statusCode(201);

        asAdmin()
                .when()
                .get("/api/v1/admin/staff?limit=100")
                .then()
                .statusCode(200)
                .body("items.username", hasItem(username))
                .body("items.find { it.username == '" + username + "' }.stationIds", contains((int) stationId));
    }

    @Test
    void staffCannotManageStaff() {
        String staff = staffToken(station(unique("站")));
        create(given().auth().oauth2(staff), unique("staff"), PASSWORD, List.of())
                .statusCode(403);
        given().auth().oauth2(staff).when().get("/api/v1/admin/staff").then().statusCode(403);
    }

    private static ValidatableResponse create(
            RequestSpecification as, String username, String password, List<Long> stationIds) {
        return as.contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "displayName", "站员", "stationIds", stationIds))
                .when()
                .post("/api/v1/admin/staff")
                .then();
    }

    /** Unlike {@code Fixtures.login}, leaves the outcome to the test. */
    private static ValidatableResponse logIn(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when()
                .post("/api/v1/auth/login")
                .then();
    }
}
