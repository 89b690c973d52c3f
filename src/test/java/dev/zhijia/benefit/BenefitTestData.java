package dev.zhijia.benefit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

/** Benefits made through the admin API. */
public final class BenefitTestData {

    private BenefitTestData() {}

    public static String body(
            String title,
            int stock,
            OffsetDateTime opens,
            OffsetDateTime closes,
            String stationIds,
            String eligibility) {
        return "{\"title\":\"" + title + "\",\"description\":\"免费体检\",\"totalStock\":" + stock
                + ",\"perMemberLimit\":1,\"opensAt\":\""
                + opens + "\",\"closesAt\":\"" + closes + "\",\"redeemBy\":\"" + closes.plusDays(30)
                + "\",\"stationIds\":[" + stationIds
                + "],\"eligibility\":" + eligibility + "}";
    }

    /** Open since a second ago, for a week; any verified member. */
    public static long openBenefit(int stock, String stationIds) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        return create(body(
                Fixtures.unique("体检"),
                stock,
                now.minusSeconds(1),
                now.plusDays(7),
                stationIds,
                "{\"tags\":[],\"orgIds\":[]}"));
    }

    public static long create(String json) {
        return given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/admin/benefits")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }
}
