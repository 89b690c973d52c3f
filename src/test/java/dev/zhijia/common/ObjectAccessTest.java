package dev.zhijia.common;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.zhijia.benefit.BenefitTestData;
import dev.zhijia.booking.BookingTestData;
import dev.zhijia.helpdesk.HelpdeskTestData;
import dev.zhijia.job.JobTestData;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Object-level access, generated from the route list: every non-admin operation that takes an id (admin routes are
 * {@code org/AdminRoutesScopeTest}'s) must have a probe here. A probe for a member's own object proves that another
 * member gets 404 and the owner's object is unchanged; a probe for a staff route proves that staff of another
 * station are refused; a public object's probe proves an unknown id is a 404 problem. A new route without a probe
 * fails {@link #everyIdRouteHasAProbe()}.
 */
@QuarkusTest
class ObjectAccessTest {

    private static final String BASE = "/api/v1";

    @Test
    void everyIdRouteHasAProbe() {
        Set<String> routes = idRoutes();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(probes().keySet());
        assertTrue(missing.isEmpty(), "id-taking routes without an object-level probe in ObjectAccessTest: " + missing);
        Set<String> stale = new TreeSet<>(probes().keySet());
        stale.removeAll(routes);
        assertTrue(stale.isEmpty(), "probes for routes that no longer exist: " + stale);
        assertTrue(routes.size() > 15, "the route list was read: " + routes);
    }

    @TestFactory
    List<DynamicTest> everyIdRouteRefusesStrangers() {
        return idRoutes().stream()
                .filter(probes()::containsKey)
                .map(r -> DynamicTest.dynamicTest(r, () -> probes().get(r).run()))
                .toList();
    }

    static Set<String> idRoutes() {
        return HostileInputTest.operations().stream()
                .filter(op -> op.path().contains("{"))
                .map(HostileInputTest.Operation::route)
                .filter(r -> !r.contains(" /admin"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ValidatableResponse notFound(ValidatableResponse r) {
        return r.statusCode(404).contentType("application/problem+json").body("code", notNullValue());
    }

    private static ValidatableResponse refused(ValidatableResponse r) {
        return r.statusCode(anyOf(is(403), is(404)))
                .contentType("application/problem+json")
                .body("code", notNullValue());
    }

    private static final long NO_SUCH = 987_654_321L;
    private static Map<String, Runnable> probes;

    static synchronized Map<String, Runnable> probes() {
        if (probes != null) {
            return probes;
        }
        Map<String, Runnable> p = new TreeMap<>();
        Fixtures.MemberLogin owner = Fixtures.verifiedMember("", null);
        Fixtures.MemberLogin stranger = Fixtures.verifiedMember("", null);

        // a member's own objects: another member cannot touch them, and the owner's stays as it was
        p.put("DELETE /me/claims/{claimId}", () -> {
            long benefit = BenefitTestData.openBenefit(5, "");
            long claim = Fixtures.as(owner)
                    .post(BASE + "/benefits/" + benefit + "/claims")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("claimId");
            notFound(Fixtures.as(stranger).delete(BASE + "/me/claims/" + claim).then());
            Fixtures.as(owner)
                    .get(BASE + "/me/claims")
                    .then()
                    .body("items.find { it.claimId == " + claim + " }.status", is("CLAIMED"));
        });
        Runnable booking = () -> {
            long service = BookingTestData.openService();
            List<Long> slots = BookingTestData.slots(service, BookingTestData.day(3), 2, 5);
            long id = BookingTestData.book(owner.accessToken(), service, slots.get(0))
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("bookingId");
            notFound(Fixtures.as(stranger)
                    .contentType(ContentType.JSON)
                    .body("{\"slotId\":" + slots.get(1) + "}")
                    .put(BASE + "/me/bookings/" + id)
                    .then());
            notFound(Fixtures.as(stranger).delete(BASE + "/me/bookings/" + id).then());
            Fixtures.as(owner)
                    .get(BASE + "/me/bookings")
                    .then()
                    .body(
                            "items.find { it.bookingId == " + id + " }.slotId",
                            is(slots.get(0).intValue()));
        };
        p.put("PUT /me/bookings/{id}", booking);
        p.put("DELETE /me/bookings/{id}", booking);
        p.put("DELETE /me/applications/{id}", () -> {
            long job = JobTestData.post(Fixtures.unique("岗位"), "某公司", JobTestData.category("物流"));
            long app = JobTestData.apply(owner, job)
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("applicationId");
            notFound(Fixtures.as(stranger)
                    .delete(BASE + "/me/applications/" + app)
                    .then());
            Fixtures.as(owner)
                    .get(BASE + "/me/applications")
                    .then()
                    .body("items.find { it.applicationId == " + app + " }", notNullValue());
        });
        p.put("POST /me/inbox/{id}/read", () -> {
            // someone else's entry or none at all: the same 404
            notFound(Fixtures.as(stranger)
                    .post(BASE + "/me/inbox/" + NO_SUCH + "/read")
                    .then());
            List<Long> mine = Fixtures.as(owner)
                    .get(BASE + "/me/inbox")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("items.id", Long.class);
            for (Long id : mine) {
                notFound(Fixtures.as(stranger)
                        .post(BASE + "/me/inbox/" + id + "/read")
                        .then());
            }
        });
        p.put(
                "GET /campaigns/{id}/signups/me",
                () -> notFound(Fixtures.as(stranger)
                        .get(BASE + "/campaigns/" + NO_SUCH + "/signups/me")
                        .then()));
        p.put(
                "DELETE /campaigns/{id}/signups",
                () -> notFound(Fixtures.as(stranger)
                        .delete(BASE + "/campaigns/" + NO_SUCH + "/signups")
                        .then()));

        // a help-desk case: nobody but its member (and its caseworker and admins) learns it exists
        Runnable helpCase = () -> {
            long attachment = HelpdeskTestData.uploadPng(owner);
            long id = HelpdeskTestData.file(owner, attachment);
            String at = BASE + "/cases/" + id;
            notFound(Fixtures.as(stranger).get(at).then());
            notFound(
                    Fixtures.as(stranger).get(at + "/attachments/" + attachment).then());
            notFound(Fixtures.as(stranger)
                    .contentType(ContentType.JSON)
                    .body("{\"text\":\"我也想看看\"}")
                    .post(at + "/messages")
                    .then());
            notFound(Fixtures.as(stranger)
                    .contentType(ContentType.JSON)
                    .body("{\"to\":\"WITHDRAWN\"}")
                    .post(at + "/transitions")
                    .then());
            Fixtures.as(stranger)
                    .contentType(ContentType.JSON)
                    .body("{\"score\":1,\"comment\":\"差\"}")
                    .post(at + "/rating")
                    .then()
                    .statusCode(anyOf(is(400), is(404)))
                    .contentType("application/problem+json");
            Fixtures.as(owner).get(at).then().statusCode(200).body("status", is("SUBMITTED"));
        };
        for (String route : List.of(
                "GET /cases/{id}",
                "GET /cases/{id}/attachments/{aid}",
                "POST /cases/{id}/messages",
                "POST /cases/{id}/rating",
                "POST /cases/{id}/transitions")) {
            p.put(route, helpCase);
        }

        // a benefit for other members (by tag): refused to this one
        p.put("POST /benefits/{id}/claims", () -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
            long forOthers = BenefitTestData.create(BenefitTestData.body(
                    Fixtures.unique("专享"),
                    5,
                    now.minusSeconds(1),
                    now.plusDays(1),
                    "",
                    "{\"tags\":[\"pilot\"],\"orgIds\":[]}"));
            refused(Fixtures.as(stranger)
                    .post(BASE + "/benefits/" + forOthers + "/claims")
                    .then());
            notFound(Fixtures.as(stranger)
                    .post(BASE + "/benefits/" + NO_SUCH + "/claims")
                    .then());
        });
        p.put(
                "POST /benefits/{id}/entries",
                () -> refused(Fixtures.as(stranger)
                        .post(BASE + "/benefits/" + NO_SUCH + "/entries")
                        .then()));

        // staff act only at their own stations
        p.put("POST /staff/stations/{id}/restock", () -> {
            long mine = Fixtures.station(Fixtures.unique("站"));
            long other = Fixtures.station(Fixtures.unique("站"));
            String staff = Fixtures.staffToken(mine);
            refused(given().auth()
                    .oauth2(staff)
                    .contentType(ContentType.JSON)
                    .body("{\"bottles\":10}")
                    .post(BASE + "/staff/stations/" + other + "/restock")
                    .then());
        });
        p.put("GET /staff/stations/{id}/doors", () -> {
            long mine = Fixtures.station(Fixtures.unique("站"));
            long other = Fixtures.station(Fixtures.unique("站"));
            String staff = Fixtures.staffToken(mine);
            refused(given().auth()
                    .oauth2(staff)
                    .get(BASE + "/staff/stations/" + other + "/doors")
                    .then());
            refused(Fixtures.as(stranger)
                    .get(BASE + "/staff/stations/" + mine + "/doors")
                    .then());
        });
        p.put("GET /stations/{id}/checkin-token", () -> {
            long mine = Fixtures.station(Fixtures.unique("站"));
            long other = Fixtures.station(Fixtures.unique("站"));
            String staff = Fixtures.staffToken(mine);
            refused(given().auth()
                    .oauth2(staff)
                    .get(BASE + "/stations/" + other + "/checkin-token")
                    .then());
            refused(Fixtures.as(stranger)
                    .get(BASE + "/stations/" + mine + "/checkin-token")
                    .then());
        });

        // public objects (any member, or anyone, may read them): an unknown id is a 404 problem
        for (String route : List.of(
                "GET /benefits/{id}",
                "GET /benefits/{id}/draw",
                "GET /services/{id}",
                "GET /services/{id}/slots",
                "POST /services/{id}/bookings",
                "GET /campaigns/{id}",
                "POST /campaigns/{id}/signups",
                "POST /campaigns/{id}/votes",
                "GET /campaigns/{id}/results",
                "GET /jobs/{id}",
                "POST /jobs/{id}/applications",
                "GET /stations/{id}",
                "GET /stations/{id}/reviews",
                "POST /stations/{id}/reviews",
                "POST /stations/{id}/reports",
                "GET /contests/{id}",
                "GET /contests/{id}/leaderboard",
                "GET /contests/{id}/prizes",
                "POST /contests/{id}/attempts",
                "POST /contests/{id}/attempts/{attemptId}/answers",
                "POST /doors/{doorId}/entries")) {
            String method = route.substring(0, route.indexOf(' '));
            String path =
                    BASE + route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", Long.toString(NO_SUCH));
            p.put(route, () -> {
                if ("GET".equals(method)) {
                    notFound(Fixtures.as(stranger).get(path).then());
                } else {
                    // a body is checked before the id is looked up: 400 or 404, never more
                    Fixtures.as(stranger)
                            .contentType(ContentType.JSON)
                            .body("{}")
                            .request(method, path)
                            .then()
                            .statusCode(anyOf(is(400), is(404), is(409)))
                            .contentType("application/problem+json");
                }
            });
        }
        probes = p;
        return p;
    }
}
