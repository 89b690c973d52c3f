package dev.zhijia.ops;

import dev.zhijia.testsupport.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Health, metrics and OpenAPI are on the management port (API.md "Operations"); the public port serves the API only. */
@QuarkusTest
class OpsTest {

    @Test
    void readinessChecksDatabaseAndRedis() {
        Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Redis")));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAndOpenApiAreServedOnTheManagementPort() {
        Management.given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        Management.given()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/auth/wechat/login"))
                .body(containsString("application/problem+json"))
                .body(containsString("#/components/responses/Problem"))
                .body(containsString("Send the member's answer to one subscribe-message request"));
        Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void thePublicPortServesNoneOfTheOperationsEndpoints() {
        for (String path :
                new String[] {"/q/metrics", "/q/openapi", "/q/health", "/q/health/ready", "/q/health/live"}) {
            given().get(path).then().statusCode(404);
        }
        given().get("/api/v1/ping").then().statusCode(200);
    }
}
