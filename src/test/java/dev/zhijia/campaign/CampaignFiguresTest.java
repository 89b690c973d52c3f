package dev.zhijia.campaign;

import java.util.List;

import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** Per-campaign figures (issue 7): reach, reads, sign-ups by status — counted against the rows this test made. */
@QuarkusTest
class CampaignFiguresTest {

    @Test
    void figuresCountWhatTheCampaignReachedAndCollected() {
        String tag = "fig" + Fixtures.unique("t").substring(1);
        List<BulkMembers.Member> members = BulkMembers.verified(3, tag, null);
        long event = CampaignTestData.published(
                CampaignTestData.event(Fixtures.unique("联谊"), CampaignTestData.audience(List.of(tag), List.of()), 2));
        CampaignTestData.awaitFanout(event, 20_000);
        for (BulkMembers.Member m : members) {
            given().auth()
                    .oauth2(m.token())
                    .post("/api/v1/campaigns/" + event + "/signups")
                    .then()
                    .statusCode(201);
        }
        long message = given().auth()
                .oauth2(members.get(0).token())
                .get("/api/v1/me/inbox")
                .then()
                .extract()
                .jsonPath()
                .getLong("items.find { it.refId == " + event + " }.id");
        given().auth()
                .oauth2(members.get(0).token())
                .post("/api/v1/me/inbox/" + message + "/read")
                .then()
                .statusCode(204);

        given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/stats/campaigns/" + event)
                .then()
                .statusCode(200)
                .body("delivered", is(3))
                .body("read", is(1))
                .body("signups.CONFIRMED", is(2))
                .body("signups.WAITLISTED", is(1))
                .body("ballots", is(0));
        given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/stats/campaigns/999999999")
                .then()
                .statusCode(404)
                .body("code", is("CAMPAIGN_NOT_FOUND"));
        given().auth()
                .oauth2(members.get(0).token())
                .get("/api/v1/admin/stats/campaigns/" + event)
                .then()
                .statusCode(403);
    }
}
