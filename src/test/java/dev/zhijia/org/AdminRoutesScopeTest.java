package dev.zhijia.org;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated from the route list: every {@code /admin/**} operation in the service's OpenAPI document must have a probe
 * here that proves a district admin cannot read, change, count or export the other district's objects through it
 * (404 for objects, 403 {@code ORG_OUT_OF_SCOPE} for targets) while the district's own still show. A new admin
 * route without a probe fails {@link #everyAdminRouteHasAScopeProbe()}.
 */
@QuarkusTest
class AdminRoutesScopeTest {

    private static final String BASE = "/api/v1";

    @Test
    void everyAdminRouteHasAScopeProbe() {
        Set<String> routes = adminRoutes();
        Set<String> probed = probes().keySet();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(probed);
        assertTrue(missing.isEmpty(), "admin routes without a scope probe in AdminRoutesScopeTest: " + missing);
        Set<String> stale = new TreeSet<>(probed);
        stale.removeAll(routes);
        assertTrue(stale.isEmpty(), "probes for routes that no longer exist: " + stale);
        assertTrue(routes.size() > 30, "the route list was read: " + routes);
    }

    @TestFactory
    List<DynamicTest> everyAdminRouteHonoursTheScope() {
        return adminRoutes().stream()
                .filter(probes()::containsKey)
                .map(route ->
                        DynamicTest.dynamicTest(route, () -> probes().get(route).run()))
                .toList();
    }

    /** "METHOD /admin/..." for every operation of the OpenAPI document under /api/v1/admin. */
    static Set<String> adminRoutes() {
        JsonPath doc = Management.given()
                .accept(ContentType.JSON)
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Set<String> routes = new TreeSet<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith(BASE + "/admin/") || path.equals(BASE + "/admin")) {
                operations.keySet().stream()
                        .filter(m ->
                                Set.of("get", "post", "put", "delete", "patch").contains(m))
                        .forEach(m -> routes.add(m.toUpperCase() + " " + path.substring(BASE.length())));
            }
        });
        return routes;
    }

    private static Map<String, Runnable> probes;

    static synchronized Map<String, Runnable> probes() {
        if (probes != null) {
            return probes;
        }
        OrgWorld w = OrgWorld.get();
        Map<String, Runnable> p = new TreeMap<>();
        String today = OffsetDateTime.now(ZoneOffset.ofHours(8)).toLocalDate().toString();
        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1);

        // the tree itself
        p.put(
                "GET /admin/orgs",
                () -> w.asDistrict()
                        .get(BASE + "/admin/orgs")
                        .then()
                        .statusCode(200)
                        .body("[0].id", is(w.district))
                        .body("id", hasItem(w.street))
                        .body("id", not(hasItem(w.other)))
                        .body("id", not(hasItem("root"))));
        p.put(
                "POST /admin/orgs",
                () -> w.asDistrict()
                        .body("{\"id\":\"" + Fixtures.unique("x-") + "\",\"name\":\"某工会\",\"parentId\":\"" + w.other
                                + "\"}")
                        .post(BASE + "/admin/orgs")
                        .then()
                        .statusCode(403)
                        .body("code", is("ORG_OUT_OF_SCOPE")));
        p.put("PUT /admin/orgs/{id}", () -> {
            w.asDistrict()
                    .body("{\"name\":\"改名\"}")
                    .put(BASE + "/admin/orgs/" + w.other)
                    .then()
                    .statusCode(404)
                    .body("code", is("ORG_NOT_FOUND"));
            w.asDistrict()
                    .body("{\"parentId\":\"" + w.other + "\"}")
                    .put(BASE + "/admin/orgs/" + w.street)
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body("{\"name\":\"自己\"}")
                    .put(BASE + "/admin/orgs/" + w.district)
                    .then()
                    .statusCode(403);
        });

        // roster and join applications
        p.put("POST /admin/roster", () -> {
            String card = Fixtures.unique("C");
            JsonPath r = given().auth()
                    .oauth2(w.districtAdmin)
                    .contentType("text/csv; charset=UTF-8")
                    .body(("name,cardNo,phone,orgId,tags\n甲," + card + ",13800001111," + w.other + ",\n乙," + w.otherCard
                                    + ",13800001111," + w.street + ",\n")
                            .getBytes(StandardCharsets.UTF_8))
                    .post(BASE + "/admin/roster")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(
                    0,
                    r.getInt("imported") + r.getInt("updated"),
                    "nothing of the other district written: " + r.prettify());
            assertEquals(2, r.getInt("rejectedCount"));
            assertTrue(
                    r.getList("rejected.reason", String.class).stream().allMatch(s -> s.startsWith("ORG_OUT_OF_SCOPE")),
                    r.prettify());
            assertEquals(
                    List.of(w.other),
                    Fixtures.query(
                            "SELECT org_id FROM roster_entry WHERE card_no = ?", rs -> rs.getString(1), w.otherCard));
        });
        p.put(
                "GET /admin/join-applications",
                () -> w.asDistrict()
                        .get(BASE + "/admin/join-applications?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem((int) w.rootApplication))));

        for (String route :
                List.of("POST /admin/join-applications/{id}/approve", "POST /admin/join-applications/{id}/reject")) {
            p.put(route, scopedWrite(w, route, "{}", w.rootApplication, "APPLICATION_NOT_FOUND"));
        }

        // console accounts
        p.put("POST /admin/staff", () -> {
            w.asDistrict()
                    .body(staff(w.other, "staff", ""))
                    .post(BASE + "/admin/staff")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(staff(w.street, "admin", "" + w.otherStation))
                    .post(BASE + "/admin/staff")
                    .then()
                    .statusCode(400)
                    .body("code", is("UNKNOWN_STATION"));
            w.asDistrict()
                    .body(staff(null, "caseworker", "" + w.streetStation))
                    .post(BASE + "/admin/staff")
                    .then()
                    .statusCode(201)
                    .body("orgId", is(w.district))
                    .body("role", is("caseworker"));
        });
        p.put("PUT /admin/staff/{id}", () -> {
            w.asDistrict()
                    .body("{\"displayName\":\"改\",\"stationIds\":[],\"roles\":[\"staff\"]}")
                    .put(BASE + "/admin/staff/" + w.otherStaff)
                    .then()
                    .statusCode(404)
                    .body("code", is("STAFF_NOT_FOUND"));
            assertEquals(
                    List.of(false),
                    Fixtures.query(
                            "SELECT display_name = '改' FROM staff_account WHERE id = ?",
                            rs -> rs.getBoolean(1),
                            w.otherStaff));
        });
        p.put("POST /admin/staff/{id}/disable", () -> {
            w.asDistrict()
                    .body("{}")
                    .post(BASE + "/admin/staff/" + w.otherStaff + "/disable")
                    .then()
                    .statusCode(404)
                    .body("code", is("STAFF_NOT_FOUND"));
            assertEquals(
                    List.of(true),
                    Fixtures.query(
                            "SELECT disabled_at IS NULL FROM staff_account WHERE id = ?",
                            rs -> rs.getBoolean(1),
                            w.otherStaff));
        });
        p.put(
                "POST /admin/staff/{id}/enable",
                scopedWrite(w, "POST /admin/staff/{id}/enable", "{}", w.otherStaff, "STAFF_NOT_FOUND"));
        p.put(
                "GET /admin/staff",
                () -> w.asDistrict()
                        .get(BASE + "/admin/staff?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem((int) w.otherStaff)))
                        .body("items.orgId", everyItem(org.hamcrest.Matchers.in(List.of(w.district, w.street)))));

        // stations and their reports, prize pools
        p.put(
                "GET /admin/stations",
                () -> w.asDistrict()
                        .get(BASE + "/admin/stations?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", hasItem((int) w.streetStation))
                        .body("items.id", not(hasItem((int) w.otherStation))));
        p.put(
                "POST /admin/stations",
                () -> w.asDistrict()
                        .body(OrgWorld.stationBody("越界站", w.other))
                        .post(BASE + "/admin/stations")
                        .then()
                        .statusCode(403)
                        .body("code", is("ORG_OUT_OF_SCOPE")));
        p.put("PUT /admin/stations/{id}", () -> {
            w.asDistrict()
                    .body(OrgWorld.stationBody("改", w.district))
                    .put(BASE + "/admin/stations/" + w.otherStation)
                    .then()
                    .statusCode(404)
                    .body("code", is("STATION_NOT_FOUND"));
            w.asDistrict()
                    .body(OrgWorld.stationBody("搬", w.other))
                    .put(BASE + "/admin/stations/" + w.streetStation)
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
        });
        p.put(
                "DELETE /admin/stations/{id}",
                scopedWrite(w, "DELETE /admin/stations/{id}", null, w.otherStation, "STATION_NOT_FOUND"));
        // station doors and their entry log: another district's station is not there; the own one is
        p.put("POST /admin/stations/{id}/doors", () -> {
            w.asDistrict()
                    .body("{\"name\":\"越界门\"}")
                    .post(BASE + "/admin/stations/" + w.otherStation + "/doors")
                    .then()
                    .statusCode(404)
                    .body("code", is("STATION_NOT_FOUND"));
            w.asDistrict()
                    .body("{\"name\":\"正门\"}")
                    .post(BASE + "/admin/stations/" + w.streetStation + "/doors")
                    .then()
                    .statusCode(201);
        });
        for (String route : List.of("GET /admin/stations/{id}/doors", "GET /admin/stations/{id}/entries")) {
            p.put(route, scopedRead(w, route, w.otherStation, w.streetStation, "STATION_NOT_FOUND"));
        }
        p.put(
                "GET /admin/reports",
                () -> w.asDistrict()
                        .get(BASE + "/admin/reports?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem((int) w.otherReport))));
        p.put(
                "POST /admin/reports/{id}/resolve",
                scopedWrite(w, "POST /admin/reports/{id}/resolve", "{}", w.otherReport, "REPORT_NOT_FOUND"));
        p.put(
                "GET /admin/water/prize-pools",
                () -> w.asDistrict()
                        .get(BASE + "/admin/water/prize-pools")
                        .then()
                        .statusCode(200)
                        .body("id", not(hasItem((int) w.otherPool))));
        p.put("POST /admin/water/prize-pools", () -> {
            w.asDistrict()
                    .body(OrgWorld.pool(w.otherStation))
                    .post(BASE + "/admin/water/prize-pools")
                    .then()
                    .statusCode(400)
                    .body("code", is("UNKNOWN_STATION"));
            w.asDistrict()
                    .body(OrgWorld.pool(null))
                    .post(BASE + "/admin/water/prize-pools")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
        });

        // benefits and campaigns
        p.put("POST /admin/benefits", () -> {
            w.asDistrict()
                    .body(OrgWorld.benefit(tomorrow, w.other, w.streetStation)
                            .replace("\"orgId\":\"" + w.other + "\"}", "\"orgId\":\"" + w.street + "\"}"))
                    .post(BASE + "/admin/benefits")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(OrgWorld.benefit(tomorrow, w.street, w.otherStation))
                    .post(BASE + "/admin/benefits")
                    .then()
                    .statusCode(400)
                    .body("code", is("UNKNOWN_STATION"));
            w.asDistrict()
                    .body(OrgWorld.benefit(tomorrow, w.street, w.streetStation)
                            .replace("\"orgIds\":[\"" + w.street + "\"]", "\"orgIds\":[]"))
                    .post(BASE + "/admin/benefits")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
        });
        p.put(
                "PUT /admin/benefits/{id}",
                scopedWrite(
                        w,
                        "PUT /admin/benefits/{id}",
                        OrgWorld.benefit(tomorrow, w.street, w.streetStation),
                        w.otherBenefit,
                        "BENEFIT_NOT_FOUND"));
        p.put(
                "POST /admin/campaigns",
                () -> w.asDistrict()
                        .body(OrgWorld.vote(w.other))
                        .post(BASE + "/admin/campaigns")
                        .then()
                        .statusCode(403)
                        .body("code", is("ORG_OUT_OF_SCOPE")));
        p.put(
                "GET /admin/campaigns",
                () -> w.asDistrict()
                        .get(BASE + "/admin/campaigns?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem((int) w.otherCampaign))));
        for (String route : List.of(
                "GET /admin/campaigns/{id}",
                "GET /admin/campaigns/{id}/delivery",
                "GET /admin/campaigns/{id}/results",
                "GET /admin/campaigns/{id}/results.csv")) {
            p.put(route, scopedRead(w, route, w.otherCampaign, null, "CAMPAIGN_NOT_FOUND"));
        }
        p.put(
                "PUT /admin/campaigns/{id}",
                scopedWrite(
                        w,
                        "PUT /admin/campaigns/{id}",
                        OrgWorld.vote(w.street),
                        w.otherCampaign,
                        "CAMPAIGN_NOT_FOUND"));
        p.put(
                "POST /admin/campaigns/{id}/publish",
                scopedWrite(w, "POST /admin/campaigns/{id}/publish", null, w.otherCampaign, "CAMPAIGN_NOT_FOUND"));

        // job posts, their applicants and figures; categories and districts are the city's
        p.put(
                "GET /admin/jobs",
                () -> w.asDistrict()
                        .get(BASE + "/admin/jobs?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", hasItem((int) w.streetJob))
                        .body("items.id", not(hasItem((int) w.otherJob))));
        p.put("POST /admin/jobs", () -> {
            w.asDistrict()
                    .body(OrgWorld.jobBody("越界岗", w.other))
                    .post(BASE + "/admin/jobs")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(OrgWorld.jobBody("街道岗", w.street))
                    .post(BASE + "/admin/jobs")
                    .then()
                    .statusCode(201)
                    .body("orgId", is(w.street));
        });
        p.put("PUT /admin/jobs/{id}", () -> {
            w.asDistrict()
                    .body(OrgWorld.jobBody("改", w.district))
                    .put(BASE + "/admin/jobs/" + w.otherJob)
                    .then()
                    .statusCode(404)
                    .body("code", is("JOB_NOT_FOUND"));
            w.asDistrict()
                    .body(OrgWorld.jobBody("搬", w.other))
                    .put(BASE + "/admin/jobs/" + w.streetJob)
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            assertEquals(
                    List.of(w.street),
                    Fixtures.query("SELECT org_id FROM job_post WHERE id = ?", rs -> rs.getString(1), w.streetJob));
        });
        p.put("DELETE /admin/jobs/{id}", () -> {
            w.asDistrict()
                    .delete(BASE + "/admin/jobs/" + w.otherJob)
                    .then()
                    .statusCode(404)
                    .body("code", is("JOB_NOT_FOUND"));
            assertEquals(
                    List.of("OPEN"),
                    Fixtures.query("SELECT status FROM job_post WHERE id = ?", rs -> rs.getString(1), w.otherJob));
        });
        p.put(
                "GET /admin/jobs/{id}/applications",
                scopedRead(w, "GET /admin/jobs/{id}/applications", w.otherJob, w.streetJob, "JOB_NOT_FOUND"));
        p.put("POST /admin/applications/{id}/status", () -> {
            w.asDistrict()
                    .body("{\"status\":\"VIEWED\"}")
                    .post(BASE + "/admin/applications/" + w.otherJobApplication + "/status")
                    .then()
                    .statusCode(404)
                    .body("code", is("APPLICATION_NOT_FOUND"));
            assertEquals(
                    List.of("APPLIED"),
                    Fixtures.query(
                            "SELECT status FROM job_application WHERE id = ?",
                            rs -> rs.getString(1),
                            w.otherJobApplication));
        });
        for (String route : List.of("PUT /admin/jobs/categories/{code}", "PUT /admin/jobs/districts/{code}")) {
            p.put(
                    route,
                    () -> w.asDistrict()
                            .body("{\"name\":\"改名\"}")
                            .put(BASE + route.substring(4).replace("{code}", "xihu"))
                            .then()
                            .statusCode(403)
                            .body("code", is("ORG_OUT_OF_SCOPE")));
        }
        p.put("GET /admin/stats/jobs", () -> {
            JsonPath mine = w.asDistrict()
                    .get(BASE + "/admin/stats/jobs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            JsonPath city = given().auth()
                    .oauth2(w.rootAdmin)
                    .get(BASE + "/admin/stats/jobs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(jobCount(w.district), mine.getLong("total.posts"), "exactly the district's posts");
            assertEquals(
                    0, mine.getLong("total.applications"), "the other district's application is not the district's");
            assertTrue(city.getLong("total.applications") >= 1, "the city counts it");
        });
        p.put("GET /admin/stats/jobs.csv", () -> {
            String mine = w.asDistrict()
                    .get(BASE + "/admin/stats/jobs.csv")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(
                    mine.contains("\n" + today.substring(0, 7) + ",\"logistics\",\"快递物流\"," + jobCount(w.district)
                            + ",0,0,0\r"),
                    mine);
        });
        // bookable services and their slots
        p.put("POST /admin/services", () -> {
            w.asDistrict()
                    .body(OrgWorld.service(tomorrow, w.other, w.streetStation)
                            .replace("\"orgId\":\"" + w.other + "\"}", "\"orgId\":\"" + w.street + "\"}"))
                    .post(BASE + "/admin/services")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(OrgWorld.service(tomorrow, w.street, w.streetStation)
                            .replace("\"orgId\":\"" + w.street + "\"}", "\"orgId\":\"" + w.other + "\"}"))
                    .post(BASE + "/admin/services")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(OrgWorld.service(tomorrow, w.street, w.otherStation))
                    .post(BASE + "/admin/services")
                    .then()
                    .statusCode(400)
                    .body("code", is("UNKNOWN_STATION"));
            w.asDistrict()
                    .body(OrgWorld.service(tomorrow, w.street, w.streetStation)
                            .replace("\"orgIds\":[\"" + w.street + "\"]", "\"orgIds\":[]"))
                    .post(BASE + "/admin/services")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(OrgWorld.service(tomorrow, w.street, w.streetStation)
                            .replace(",\"orgId\":\"" + w.street + "\"", ""))
                    .post(BASE + "/admin/services")
                    .then()
                    .statusCode(201)
                    .body("orgId", is(w.district));
        });
        p.put(
                "GET /admin/services",
                () -> w.asDistrict()
                        .get(BASE + "/admin/services?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", not(hasItem((int) w.otherService)))
                        .body("items.orgId", everyItem(org.hamcrest.Matchers.in(List.of(w.district, w.street)))));
        p.put("POST /admin/services/{id}/slots", () -> {
            w.asDistrict()
                    .body(OrgWorld.slots(tomorrow.plusDays(3)))
                    .post(BASE + "/admin/services/" + w.otherService + "/slots")
                    .then()
                    .statusCode(404)
                    .body("code", is("SERVICE_NOT_FOUND"));
            assertEquals(
                    List.of(1L),
                    Fixtures.query(
                            "SELECT COUNT(*) FROM booking_slot WHERE service_id = ?",
                            rs -> rs.getLong(1),
                            w.otherService));
        });
        for (String route : List.of(
                "GET /admin/services/{id}/figures",
                "GET /admin/services/{id}/figures.csv",
                "GET /admin/services/{id}/slots/{slotId}/bookings")) {
            p.put(
                    route,
                    scopedRead(
                            w, route.replace("{slotId}", "" + w.otherSlot), w.otherService, null, "SERVICE_NOT_FOUND"));
        }

        // figures, exports, audit
        p.put("GET /admin/stats/overview", () -> {
            JsonPath mine = w.asDistrict()
                    .get(BASE + "/admin/stats/overview?by=org")
                    .then()
                    .statusCode(200)
                    .body("orgId", is(w.district))
                    .body("children.orgId", hasItem(w.street))
                    .extract()
                    .jsonPath();
            JsonPath city = given().auth()
                    .oauth2(w.rootAdmin)
                    .get(BASE + "/admin/stats/overview")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertTrue(
                    mine.getLong("verifiedMembers") < city.getLong("verifiedMembers"),
                    "the district counts fewer than the city");
            assertEquals(mine.getLong("verifiedMembers"), memberCount(w.district), "exactly the district's members");
            w.asDistrict()
                    .get(BASE + "/admin/stats/overview?orgId=" + w.other)
                    .then()
                    .statusCode(404)
                    .body("code", is("ORG_NOT_FOUND"));
        });
        p.put("GET /admin/stats/overview.csv", () -> {
            String csv = w.asDistrict()
                    .get(BASE + "/admin/stats/overview.csv?by=org")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(csv.contains("\"" + w.street + "\","), csv);
            assertFalse(csv.contains(w.other), csv);
            w.asDistrict()
                    .get(BASE + "/admin/stats/overview.csv?orgId=" + w.other)
                    .then()
                    .statusCode(404);
        });
        p.put(
                "GET /admin/stats/stations",
                () -> w.asDistrict()
                        .get(BASE + "/admin/stats/stations?from=" + today)
                        .then()
                        .statusCode(200)
                        .body("items.stationId", hasItem((int) w.streetStation))
                        .body("items.stationId", not(hasItem((int) w.otherStation))));
        p.put("GET /admin/stats/stations.csv", () -> {
            String csv = w.asDistrict()
                    .get(BASE + "/admin/stats/stations.csv?by=org")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(csv.contains("\n" + w.streetStation + ","), csv);
            assertFalse(csv.contains("\n" + w.otherStation + ","), csv);
        });
        p.put("GET /admin/stats/daily", () -> {
            // the district's days count the district's stations only: today's pickups equal its rollup rows
            long districtPickups = Fixtures.query(
                            "SELECT COALESCE(SUM(f.pickups), 0) FROM figure_station_day f JOIN station s ON s.id = f.station_id"
                                    + " WHERE f.day = ? AND s.org_id IN (?, ?)",
                            rs -> rs.getLong(1),
                            today,
                            w.district,
                            w.street)
                    .get(0);
            w.asDistrict()
                    .get(BASE + "/admin/stats/daily?from=" + today + "&to=" + today)
                    .then()
                    .statusCode(200)
                    .body("items[0].day", is(today))
                    .body("items[0].pickups", is((int) districtPickups));
            w.asDistrict()
                    .get(BASE + "/admin/stats/daily?orgId=" + w.other)
                    .then()
                    .statusCode(404)
                    .body("code", is("ORG_NOT_FOUND"));
        });
        p.put(
                "GET /admin/stats/daily.csv",
                () -> w.asDistrict()
                        .get(BASE + "/admin/stats/daily.csv?orgId=" + w.other)
                        .then()
                        .statusCode(404)
                        .body("code", is("ORG_NOT_FOUND")));
        p.put(
                "GET /admin/stats/station-map",
                () -> w.asDistrict()
                        .get(BASE + "/admin/stats/station-map")
                        .then()
                        .statusCode(200)
                        .body("items.stationId", hasItem((int) w.streetStation))
                        .body("items.stationId", not(hasItem((int) w.otherStation))));
        p.put(
                "GET /admin/stats/benefits/{id}",
                scopedRead(w, "GET /admin/stats/benefits/{id}", w.otherBenefit, null, "BENEFIT_NOT_FOUND"));
        p.put(
                "GET /admin/stats/campaigns/{id}",
                scopedRead(w, "GET /admin/stats/campaigns/{id}", w.otherCampaign, null, "CAMPAIGN_NOT_FOUND"));
        p.put(
                "POST /admin/stats/rollups/rebuild",
                () -> w.asDistrict()
                        .post(BASE + "/admin/stats/rollups/rebuild")
                        .then()
                        .statusCode(403)
                        .body("code", is("ORG_OUT_OF_SCOPE")));
        p.put("GET /admin/audit", () -> {
            String rootSubject = subjectOf(w.rootAdmin);
            given().auth()
                    .oauth2(w.rootAdmin)
                    .get(BASE + "/admin/audit?actor=" + rootSubject)
                    .then()
                    .statusCode(200)
                    .body("items.actor", hasItem(rootSubject));
            w.asDistrict()
                    .get(BASE + "/admin/audit?actor=" + rootSubject)
                    .then()
                    .statusCode(200)
                    .body("items", org.hamcrest.Matchers.empty());
            w.asDistrict()
                    .get(BASE + "/admin/audit?limit=100")
                    .then()
                    .statusCode(200)
                    .body("items.actor", everyItem(startsWith("staff:")));
        });
        // help-desk cases
        p.put(
                "GET /admin/cases",
                () -> w.asDistrict()
                        .get(BASE + "/admin/cases?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.caseId", hasItem((int) w.streetCase))
                        .body("items.caseId", not(hasItem((int) w.otherCase))));
        p.put("POST /admin/cases/{id}/assign", () -> {
            w.asDistrict()
                    .body("{\"caseworkerId\":" + w.otherCaseworker + "}")
                    .post(BASE + "/admin/cases/" + w.otherCase + "/assign")
                    .then()
                    .statusCode(404)
                    .body("code", is("CASE_NOT_FOUND"));
            // nor to the other district's caseworker
            w.asDistrict()
                    .body("{\"caseworkerId\":" + w.otherCaseworker + "}")
                    .post(BASE + "/admin/cases/" + w.streetCase + "/assign")
                    .then()
                    .statusCode(404)
                    .body("code", is("CASEWORKER_NOT_FOUND"));
        });
        p.put("GET /admin/stats/cases", () -> {
            JsonPath mine = w.asDistrict()
                    .get(BASE + "/admin/stats/cases")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(1, mine.getLong("total.opened"), "the street's case, not the other district's");
            assertEquals(1, mine.getLong("items.find { it.category == 'LEGAL_AID' }.opened"), mine.prettify());
        });
        p.put("GET /admin/stats/cases.csv", () -> {
            String mine = w.asDistrict()
                    .get(BASE + "/admin/stats/cases.csv")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(mine.contains("\"LEGAL_AID\",\"法律援助\",1,0,0,"), mine);
        });

        // contests: the other district's are 404, a contest may not be owned by or aimed at it
        long otherContest = contest(w.rootAdmin, w.other);
        long streetContest = contest(w.districtAdmin, w.street);
        p.put("POST /admin/contests", () -> {
            w.asDistrict()
                    .body(contestBody(w.other, w.street))
                    .post(BASE + "/admin/contests")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
            w.asDistrict()
                    .body(contestBody(w.street, w.other))
                    .post(BASE + "/admin/contests")
                    .then()
                    .statusCode(403)
                    .body("code", is("ORG_OUT_OF_SCOPE"));
        });
        p.put(
                "GET /admin/contests",
                () -> w.asDistrict()
                        .get(BASE + "/admin/contests?limit=100")
                        .then()
                        .statusCode(200)
                        .body("items.id", hasItem((int) streetContest))
                        .body("items.id", not(hasItem((int) otherContest))));
        for (String route : List.of(
                "GET /admin/contests/{id}",
                "GET /admin/contests/{id}/questions",
                "GET /admin/contests/{id}/results",
                "GET /admin/contests/{id}/results.csv")) {
            p.put(route, scopedRead(w, route, otherContest, streetContest, "CONTEST_NOT_FOUND"));
        }
        p.put("POST /admin/contests/{id}/questions", () -> {
            given().auth()
                    .oauth2(w.districtAdmin)
                    .contentType("text/csv; charset=UTF-8")
                    .body("text,options,answer,points\n越界题,甲|乙,A,1\n".getBytes(StandardCharsets.UTF_8))
                    .post(BASE + "/admin/contests/" + otherContest + "/questions")
                    .then()
                    .statusCode(404)
                    .body("code", is("CONTEST_NOT_FOUND"));
            assertEquals(
                    List.of(1L),
                    Fixtures.query(
                            "SELECT COUNT(*) FROM contest_question WHERE contest_id = ?",
                            rs -> rs.getLong(1),
                            otherContest));
        });
        probes = p;
        return p;
    }

    /**
     * A read through {@code route} ("GET /admin/…/{id}…"): the other district's object is 404 with {@code code}; the
     * district's own one, where the world has one ({@code ownId} not null), reads 200.
     */
    private static Runnable scopedRead(OrgWorld w, String route, long otherId, Long ownId, String code) {
        String path = BASE + route.substring(route.indexOf(' ') + 1);
        return () -> {
            w.asDistrict()
                    .get(path.replace("{id}", "" + otherId))
                    .then()
                    .statusCode(404)
                    .body("code", is(code));
            if (ownId != null) {
                w.asDistrict().get(path.replace("{id}", "" + ownId)).then().statusCode(200);
            }
        };
    }

    /** A change through {@code route} ("POST /admin/…/{id}…") to the other district's object: 404 with {@code code}. */
    private static Runnable scopedWrite(OrgWorld w, String route, String body, long otherId, String code) {
        int space = route.indexOf(' ');
        String method = route.substring(0, space);
        String path = BASE + route.substring(space + 1).replace("{id}", "" + otherId);
        return () -> {
            var request = w.asDistrict();
            if (body != null) {
                request = request.body(body);
            }
            request.request(method, path).then().statusCode(404).body("code", is(code));
        };
    }

    private static String staff(String orgId, String role, String stationIds) {
        return "{\"username\":\"" + Fixtures.unique("st") + "\",\"password\":\"" + OrgWorld.PASSWORD
                + "\",\"displayName\":\"站员\",\"stationIds\":[" + stationIds + "],\"roles\":[\"" + role + "\"]"
                + (orgId == null ? "" : ",\"orgId\":\"" + orgId + "\"") + "}";
    }

    private static String contestBody(String owner, String audienceOrg) {
        OffsetDateTime opens = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1);
        return "{\"title\":\"安全知识竞赛\",\"opensAt\":\"" + opens + "\",\"closesAt\":\"" + opens.plusDays(7)
                + "\",\"audience\":{\"orgIds\":[\"" + audienceOrg
                + "\"]},\"questions\":[{\"text\":\"题\",\"options\":[\"甲\",\"乙\"],"
                + "\"answer\":[0],\"points\":1}],\"questionsPerAttempt\":1,\"secondsPerAttempt\":60,\"attemptsPerMember\":1,"
                + "\"prizes\":[{\"tier\":\"一等奖\",\"count\":1}],\"orgId\":\"" + owner + "\"}";
    }

    /** A contest of this org (aimed at it) made by this admin. */
    private static long contest(String adminToken, String org) {
        return given().auth()
                .oauth2(adminToken)
                .contentType(ContentType.JSON)
                .body(contestBody(org, org))
                .post(BASE + "/admin/contests")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** Verified members whose roster org is this org or below it. */
    static long memberCount(String orgId) {
        return Fixtures.query(
                        "SELECT COUNT(*) FROM member m JOIN roster_entry r ON r.id = m.roster_id JOIN org_closure c ON c.descendant_id = r.org_id"
                                + " WHERE c.ancestor_id = ?",
                        rs -> rs.getLong(1),
                        orgId)
                .get(0);
    }

    /** Job posts whose org is this org or below it (all of them logistics, this month). */
    static long jobCount(String orgId) {
        return Fixtures.query(
                        "SELECT COUNT(*) FROM job_post j JOIN org_closure c ON c.descendant_id = j.org_id WHERE c.ancestor_id = ?",
                        rs -> rs.getLong(1),
                        orgId)
                .get(0);
    }

    static String subjectOf(String token) {
        String claims =
                new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonPath(claims).getString("sub");
    }
}
