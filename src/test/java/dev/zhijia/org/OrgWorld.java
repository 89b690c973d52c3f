package dev.zhijia.org;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static dev.zhijia.testsupport.Fixtures.as;
import static dev.zhijia.testsupport.Fixtures.asAdmin;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;

/**
 * A city with two districts: {@code district} (with a street union {@code street} below it) and {@code other}. The
 * district's admin must reach the district and the street, never {@code other}: every object here of {@code other}
 * is what scope tests probe, every object of {@code street} what the district admin must still see.
 */
final class OrgWorld {

    static final String PASSWORD = "org-admin-password";

    final String district = unique("d-");
    final String street = unique("s-");
    final String other = unique("o-");
    final String districtAdmin;
    final String districtAdminUser = unique("dadmin");
    final String rootAdmin = Fixtures.adminToken();

    final long streetStation;
    final long otherStation;
    final long otherStaff;
    final String otherCard;
    final Fixtures.MemberLogin streetMember;
    final Fixtures.MemberLogin otherMember;
    final long otherReport;
    final long otherBenefit;
    final long otherCampaign;
    final long otherPool;
    final long otherService;
    final long otherSlot;
    final long rootApplication;
    final long streetJob;
    final long otherJob;
    final long otherJobApplication;
    final long streetCase;
    final long otherCase;
    final long streetCaseworker;
    final long otherCaseworker;

    private static OrgWorld world;

    /** One world per test JVM: logins hash passwords slowly. */
    static synchronized OrgWorld get() {
        if (world == null) {
            world = new OrgWorld();
        }
        return world;
    }

    private OrgWorld() {
        org(district, "西湖区总工会", null);
        org(street, "北山街道工会", district);
        org(other, "上城区总工会", null);
        asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + districtAdminUser + "\",\"password\":\"" + PASSWORD
                        + "\",\"displayName\":\"区管理员\",\"stationIds\":[],\"roles\":[\"admin\"],\"orgId\":\"" + district
                        + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201);
        districtAdmin = Fixtures.login(districtAdminUser, PASSWORD);
        streetStation = station(unique("北山驿站"), street);
        otherStation = station(unique("上城驿站"), other);
        otherStaff = asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("ostaff") + "\",\"password\":\"" + PASSWORD
                        + "\",\"displayName\":\"站员\",\"stationIds\":[" + otherStation + "],\"orgId\":\"" + other
                        + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        streetMember = Fixtures.verifiedMember("courier", street);
        otherMember = Fixtures.verifiedMember("courier", other);
        otherCard = Fixtures.rosterEntry("王五", "rider", other);
        otherReport = as(otherMember)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"NO_WATER\",\"comment\":\"没水了\"}")
                .post("/api/v1/stations/" + otherStation + "/reports")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        otherBenefit = asAdmin()
                .contentType(ContentType.JSON)
                .body(benefit(now.plusDays(1), other, otherStation))
                .post("/api/v1/admin/benefits")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        otherCampaign = asAdmin()
                .contentType(ContentType.JSON)
                .body(vote(other))
                .post("/api/v1/admin/campaigns")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        otherPool = asAdmin()
                .contentType(ContentType.JSON)
                .body(pool(otherStation))
                .post("/api/v1/admin/water/prize-pools")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        otherService = asAdmin()
                .contentType(ContentType.JSON)
                .body(service(now.plusDays(1), other, otherStation))
                .post("/api/v1/admin/services")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        asAdmin()
                .contentType(ContentType.JSON)
                .body(slots(now.plusDays(2)))
                .post("/api/v1/admin/services/" + otherService + "/slots")
                .then()
                .statusCode(201);
        otherSlot = Fixtures.query(
                        "SELECT id FROM booking_slot WHERE service_id = ?", rs -> rs.getLong(1), otherService)
                .get(0);
        rootApplication = as(Fixtures.newMember())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"赵六\",\"phone\":\"13900001111\",\"employer\":\"某快递\",\"occupation\":\"快递员\"}")
                .post("/api/v1/me/join-application")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        streetJob = job(street);
        otherJob = job(other);
        otherJobApplication = as(otherMember)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/jobs/" + otherJob + "/applications")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("applicationId");
        streetCase = helpCase(streetMember);
        otherCase = helpCase(otherMember);
        streetCaseworker = caseworker(street);
        otherCaseworker = caseworker(other);
    }

    private static long helpCase(Fixtures.MemberLogin member) {
        return as(member)
                .contentType(ContentType.JSON)
                .body("{\"category\":\"LEGAL_AID\",\"title\":\"工伤认定\",\"description\":\"需要法律援助\","
                        + "\"contactPhone\":\"13800001111\",\"attachmentIds\":[]}")
                .post("/api/v1/me/cases")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("caseId");
    }

    private static long caseworker(String orgId) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("cw") + "\",\"password\":\"" + PASSWORD
                        + "\",\"displayName\":\"个案专员\",\"stationIds\":[],\"roles\":[\"caseworker\"],\"orgId\":\""
                        + orgId + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    RequestSpecification asDistrict() {
        return given().auth().oauth2(districtAdmin).contentType(ContentType.JSON);
    }

    static void org(String id, String name, String parentId) {
        asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"name\":\"" + name + "\""
                        + (parentId == null ? "" : ",\"parentId\":\"" + parentId + "\"") + "}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(201);
    }

    static long station(String name, String orgId) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body(stationBody(name, orgId))
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    static long job(String orgId) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body(jobBody(unique("快递员"), orgId))
                .post("/api/v1/admin/jobs")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    static String jobBody(String title, String orgId) {
        return "{\"title\":\"" + title
                + "\",\"employer\":\"顺丰\",\"category\":\"logistics\",\"district\":\"xihu\",\"lat\":30.25,"
                + "\"lng\":120.15,\"salaryMin\":5000,\"salaryMax\":8000,\"headcount\":2,\"closesAt\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(30).withNano(0) + "\",\"orgId\":\"" + orgId
                + "\"}";
    }

    static String stationBody(String name, String orgId) {
        return "{\"name\":\"" + name
                + "\",\"type\":\"WATER_STATION\",\"lat\":30.25,\"lng\":120.15,\"hours\":{\"open24h\":true},"
                + "\"waterStock\":100,\"orgId\":\"" + orgId + "\"}";
    }

    static String benefit(OffsetDateTime opens, String orgId, long stationId) {
        return "{\"title\":\"" + unique("体检") + "\",\"totalStock\":10,\"opensAt\":\"" + opens + "\",\"closesAt\":\""
                + opens.plusDays(7)
                + "\",\"redeemBy\":\"" + opens.plusDays(30) + "\",\"stationIds\":[" + stationId
                + "],\"eligibility\":{\"tags\":[],\"orgIds\":[\""
                + orgId + "\"]},\"orgId\":\"" + orgId + "\"}";
    }

    static String service(OffsetDateTime releaseAt, String orgId, long stationId) {
        return "{\"title\":\"" + unique("心理咨询") + "\",\"kind\":\"COUNSELLING\",\"stationIds\":[" + stationId
                + "],\"releaseAt\":\""
                + releaseAt.withNano(0) + "\",\"cancelMinutesBefore\":60,\"eligibility\":{\"tags\":[],\"orgIds\":[\""
                + orgId + "\"]},\"orgId\":\""
                + orgId + "\"}";
    }

    static String slots(OffsetDateTime startsAt) {
        OffsetDateTime start = startsAt.withNano(0);
        return "{\"slots\":[{\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plusMinutes(30)
                + "\",\"capacity\":2}]}";
    }

    static String vote(String audienceOrg) {
        return "{\"kind\":\"VOTE\",\"title\":\"" + unique("兴趣课")
                + "\",\"body\":\"选出下季度兴趣课程\",\"audience\":{\"tags\":[],\"orgIds\":[\""
                + audienceOrg + "\"]},\"vote\":{\"options\":[\"摄影\",\"书法\"],\"maxChoices\":1,\"closesAt\":\""
                + OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1).withNano(0) + "\"}}";
    }

    static String pool(Long stationId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
        return "{\"name\":\"清凉大礼包\",\"stationId\":" + stationId + ",\"startsAt\":\"" + now + "\",\"endsAt\":\""
                + now.plusDays(1) + "\",\"winProbability\":0.5,\"prizes\":[{\"name\":\"毛巾\",\"quantity\":5}]}";
    }
}
