package dev.zhijia.campaign;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.campaign.CampaignTestData.admin;
import static dev.zhijia.campaign.CampaignTestData.audience;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VOTE campaigns: one ballot per member even when taps race, 1..maxChoices, results, closing, CSV export. */
@QuarkusTest
class VoteTest {

    @Inject
    EntityManager em;

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private record Vote(long id, List<Long> options) {}

    private static Vote vote(String org, List<String> options, int maxChoices) {
        JsonPath draft = CampaignTestData.create(
                CampaignTestData.vote("兴趣课投票", audience(List.of(), List.of(org)), options, maxChoices));
        long id = draft.getLong("id");
        CampaignTestData.publish(id);
        return new Vote(id, draft.getList("vote.options.id", Long.class));
    }

    private static String ballot(Long... optionIds) {
        return "{\"optionIds\":["
                + List.of(optionIds).stream().map(String::valueOf).collect(Collectors.joining(",")) + "]}";
    }

    private static String path(long campaign) {
        return "/api/v1/campaigns/" + campaign + "/votes";
    }

    @Test
    void racingBallotsOfOneMemberCountOnce() {
        String org = Fixtures.unique("org-vote");
        Vote v = vote(org, List.of("摄影", "书法", "瑜伽"), 2);
        List<BulkMembers.Member> members = BulkMembers.verified(60, "courier", org);
        List<Burst.Call> calls = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            for (int i = 0; i < 3; i++) {
                calls.add(new Burst.Call(
                        "POST", path(v.id()), m.token(), ballot(v.options().get(i % 3))));
            }
        }
        Collections.shuffle(calls);
        List<Burst.Answer> answers = Burst.fire(calls, 90);
        Map<String, Long> tally = answers.stream()
                .collect(Collectors.groupingBy(a -> a.status() + " " + a.code(), Collectors.counting()));
        System.out.println("60 members x 3 racing ballots: " + tally);
        assertEquals(60, answers.stream().filter(a -> a.status() == 201).count(), tally.toString());
        assertEquals(
                120,
                answers.stream()
                        .filter(a -> a.status() == 409 && "ALREADY_VOTED".equals(a.code()))
                        .count(),
                tally.toString());
        long ballots = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM campaign_ballot WHERE campaign_id = ?1")
                        .setParameter(1, v.id())
                        .getSingleResult())
                .longValue();
        assertEquals(60, ballots);
        JsonPath results = given().auth()
                .oauth2(admin())
                .get("/api/v1/admin/campaigns/" + v.id() + "/results")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(60, results.getInt("ballots"));
        assertEquals(
                60,
                results.getList("options.votes", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum());
    }

    @Test
    void aBallotNamesOneToMaxChoicesOfThisVotesOptions() {
        String org = Fixtures.unique("org-vote");
        Vote v = vote(org, List.of("摄影", "书法", "瑜伽", "烘焙"), 2);
        Vote other = vote(org, List.of("甲", "乙"), 1);
        BulkMembers.Member m = BulkMembers.verified(1, "rider", org).get(0);
        List<Long> o = v.options();
        post(m, v.id(), ballot(o.get(0), o.get(1), o.get(2)))
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("optionIds"));
        post(m, v.id(), ballot()).statusCode(400).body("code", is("VALIDATION_FAILED"));
        post(m, v.id(), ballot(o.get(0), o.get(0))).statusCode(400).body("violations[0].field", is("optionIds"));
        post(m, v.id(), ballot(other.options().get(0))).statusCode(400).body("violations[0].field", is("optionIds"));
        post(m, v.id(), ballot(-1L)).statusCode(400);
        post(m, v.id(), "{}").statusCode(400).body("violations[0].field", is("optionIds"));
        post(m, v.id(), "{\"optionIds\":\"摄影\"}").statusCode(400);
        post(m, v.id(), "{\"optionIds\":[").statusCode(400);
        assertEquals(
                0L,
                ((Number) em.createNativeQuery("SELECT COUNT(*) FROM campaign_ballot WHERE member_id = ?1")
                                .setParameter(1, m.id())
                                .getSingleResult())
                        .longValue(),
                "refused ballots change nothing");

        post(m, v.id(), ballot(o.get(3), o.get(1)))
                .statusCode(201)
                .body("optionIds", contains(o.get(1).intValue(), o.get(3).intValue()));
        post(m, v.id(), ballot(o.get(0))).statusCode(409).body("code", is("ALREADY_VOTED"));
        given().auth()
                .oauth2(m.token())
                .get("/api/v1/campaigns/" + v.id())
                .then()
                .statusCode(200)
                .body(
                        "mine.votedOptionIds",
                        contains(o.get(1).intValue(), o.get(3).intValue()));
        given().auth()
                .oauth2(m.token())
                .get("/api/v1/campaigns/" + v.id() + "/results")
                .then()
                .statusCode(200)
                .body("ballots", is(1))
                .body("options.label", contains("摄影", "书法", "瑜伽", "烘焙"))
                .body("options.votes", contains(0, 1, 0, 1))
                .body("closed", is(false));
    }

    private static io.restassured.response.ValidatableResponse post(BulkMembers.Member m, long campaign, String body) {
        return given().auth()
                .oauth2(m.token())
                .contentType(ContentType.JSON)
                .body(body)
                .post(path(campaign))
                .then();
    }

    @Test
    void votesCloseAtClosesAtAndOnlyTheAudienceTakesPart() {
        String org = Fixtures.unique("org-vote");
        Vote v = vote(org, List.of("是", "否"), 1);
        long notice = CampaignTestData.published(CampaignTestData.notice("通知", audience(List.of(), List.of(org))));
        BulkMembers.Member m = BulkMembers.verified(1, "rider", org).get(0);
        BulkMembers.Member outsider =
                BulkMembers.verified(1, "rider", Fixtures.unique("org-out")).get(0);
        String staff = Fixtures.staffToken(Fixtures.station(Fixtures.unique("驿站")));

        post(outsider, v.id(), ballot(v.options().get(0))).statusCode(403).body("code", is("NOT_IN_AUDIENCE"));
        given().auth()
                .oauth2(outsider.token())
                .get("/api/v1/campaigns/" + v.id() + "/results")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(staff)
                .get("/api/v1/campaigns/" + v.id() + "/results")
                .then()
                .statusCode(403);
        given().get("/api/v1/campaigns/" + v.id() + "/results").then().statusCode(401);
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(ballot(v.options().get(0)))
                .post(path(v.id()))
                .then()
                .statusCode(403);
        post(m, notice, ballot(v.options().get(0))).statusCode(409).body("code", is("NOT_A_VOTE"));
        given().auth()
                .oauth2(m.token())
                .get("/api/v1/campaigns/" + notice + "/results")
                .then()
                .statusCode(409)
                .body("code", is("NOT_A_VOTE"));

        clock.shift(Duration.ofHours(25));
        post(m, v.id(), ballot(v.options().get(0))).statusCode(409).body("code", is("VOTE_CLOSED"));
        given().auth()
                .oauth2(m.token())
                .get("/api/v1/campaigns/" + v.id() + "/results")
                .then()
                .statusCode(200)
                .body("closed", is(true));
        given().auth()
                .oauth2(m.token())
                .get("/api/v1/campaigns/" + v.id())
                .then()
                .body("vote.closed", is(true));
    }

    @Test
    void adminsExportResultsAsCsvWithABom() {
        String org = Fixtures.unique("org-vote");
        Vote v = vote(org, List.of("摄影, 入门", "=HYPERLINK(\\\"x\\\")", "说\\\"书\\\""), 1);
        List<BulkMembers.Member> members = BulkMembers.verified(3, "driver", org);
        post(members.get(0), v.id(), ballot(v.options().get(0))).statusCode(201);
        post(members.get(1), v.id(), ballot(v.options().get(0))).statusCode(201);
        post(members.get(2), v.id(), ballot(v.options().get(2))).statusCode(201);

        byte[] csv = given().auth()
                .oauth2(admin())
                .get("/api/v1/admin/campaigns/" + v.id() + "/results.csv")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asByteArray();
        assertTrue(
                csv.length > 3 && (csv[0] & 0xFF) == 0xEF && (csv[1] & 0xFF) == 0xBB && (csv[2] & 0xFF) == 0xBF,
                "UTF-8 BOM first");
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        List<Long> o = v.options();
        assertEquals(
                "optionId,option,votes\r\n" + o.get(0) + ",\"摄影, 入门\",2\r\n" + o.get(1)
                        + ",\"'=HYPERLINK(\"\"x\"\")\",0\r\n" + o.get(2) + ",\"说\"\"书\"\"\",1\r\n",
                text);
        given().auth()
                .oauth2(members.get(0).token())
                .get("/api/v1/admin/campaigns/" + v.id() + "/results.csv")
                .then()
                .statusCode(403);
    }
}
