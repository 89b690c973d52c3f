package dev.zhijia.org;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.asAdmin;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class OrgTreeTest {

    @Test
    void theTreeListsTheSubtreeDepthFirstWithRolledUpCounts() {
        OrgWorld w = OrgWorld.get();
        String lane = unique("l-");
        OrgWorld.org(lane, "某社区工会", w.street);
        OrgWorld.station(unique("社区驿站"), lane);
        Fixtures.verifiedMember("", lane);
        var tree = w.asDistrict()
                .get("/api/v1/admin/orgs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int district = tree.getList("id").indexOf(w.district);
        int street = tree.getList("id").indexOf(w.street);
        int inLane = tree.getList("id").indexOf(lane);
        org.junit.jupiter.api.Assertions.assertTrue(district == 0 && street < inLane, tree.prettify());
        org.junit.jupiter.api.Assertions.assertEquals(w.street, tree.getString("[" + inLane + "].parentId"));
        org.junit.jupiter.api.Assertions.assertEquals(1, tree.getInt("[" + inLane + "].members"));
        // the street counts its own and the lane's
        org.junit.jupiter.api.Assertions.assertTrue(tree.getInt("[" + street + "].stations") >= 2, tree.prettify());
        org.junit.jupiter.api.Assertions.assertEquals(
                tree.getInt("[" + street + "].members"), tree.getInt("[0].members"));
        given().auth()
                .oauth2(w.rootAdmin)
                .get("/api/v1/admin/orgs")
                .then()
                .statusCode(200)
                .body("[0].id", is("root"))
                .body("[0].parentId", nullValue())
                .body("id", hasItem(w.other));
    }

    @Test
    void movesStayInsideTheSubtreeAndNeverUnderThemselves() {
        OrgWorld w = OrgWorld.get();
        String a = unique("a-");
        String b = unique("b-");
        OrgWorld.org(a, "甲工会", w.district);
        OrgWorld.org(b, "乙工会", a);
        w.asDistrict()
                .body("{\"parentId\":\"" + b + "\"}")
                .put("/api/v1/admin/orgs/" + a)
                .then()
                .statusCode(409)
                .body("code", is("ORG_CYCLE"));
        w.asDistrict()
                .body("{\"parentId\":\"" + a + "\"}")
                .put("/api/v1/admin/orgs/" + a)
                .then()
                .statusCode(409)
                .body("code", is("ORG_CYCLE"));
        w.asDistrict()
                .body("{\"parentId\":\"" + w.street + "\",\"name\":\"乙社区工会\"}")
                .put("/api/v1/admin/orgs/" + b)
                .then()
                .statusCode(200)
                .body("parentId", is(w.street))
                .body("name", is("乙社区工会"))
                .body("depth", is(2));
        // an admin of a no longer reaches b
        String aAdmin = admin(w, a);
        given().auth()
                .oauth2(aAdmin)
                .get("/api/v1/admin/orgs")
                .then()
                .statusCode(200)
                .body("id", contains(a));
        w.asDistrict().get("/api/v1/admin/orgs").then().body("find { it.id == '" + b + "' }.parentId", is(w.street));
    }

    @Test
    void orgCodesAreUniqueAndParentsMustExist() {
        OrgWorld w = OrgWorld.get();
        w.asDistrict()
                .body("{\"id\":\"" + w.street + "\",\"name\":\"重复\"}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(409)
                .body("code", is("ORG_ID_TAKEN"));
        w.asDistrict()
                .body("{\"id\":\"" + unique("n-") + "\",\"name\":\"无父\",\"parentId\":\"" + unique("none-") + "\"}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(404)
                .body("code", is("ORG_NOT_FOUND"));
        w.asDistrict()
                .body("{\"id\":\"bad code\",\"name\":\"x\"}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        String child = unique("c-");
        w.asDistrict()
                .body("{\"id\":\"" + child + "\",\"name\":\"默认父级\"}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(201)
                .body("parentId", is(w.district));
    }

    @Test
    void anAdminCreatedBelowSeesOnlyTheirOwnSubtree() {
        OrgWorld w = OrgWorld.get();
        String streetAdmin = admin(w, w.street);
        given().auth()
                .oauth2(streetAdmin)
                .get("/api/v1/admin/stations?limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) w.streetStation))
                .body("items.orgId", not(hasItem(w.district)));
        given().auth()
                .oauth2(streetAdmin)
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("up") + "\",\"password\":\"" + OrgWorld.PASSWORD
                        + "\",\"displayName\":\"越级\"," + "\"stationIds\":[],\"roles\":[\"admin\"],\"orgId\":\""
                        + w.district + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(403)
                .body("code", is("ORG_OUT_OF_SCOPE"));
    }

    @Test
    void aRootAdminNamingANewOrgCodeAddsItUnderTheRoot() {
        String code = unique("legacy-");
        Fixtures.rosterEntry("钱七", "courier", code);
        asAdmin().get("/api/v1/admin/orgs").then().body("find { it.id == '" + code + "' }.parentId", is("root"));
    }

    private static String admin(OrgWorld w, String orgId) {
        String username = unique("adm");
        w.asDistrict()
                .body("{\"username\":\"" + username + "\",\"password\":\"" + OrgWorld.PASSWORD
                        + "\",\"displayName\":\"管理员\"," + "\"stationIds\":[],\"roles\":[\"admin\"],\"orgId\":\"" + orgId
                        + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201)
                .body("orgId", is(orgId))
                .body("role", is("admin"));
        return Fixtures.login(username, OrgWorld.PASSWORD);
    }
}
