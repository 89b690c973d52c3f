package dev.zhijia.helpdesk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Caseworkers, files and cases made through the API, for the help-desk tests. */
public final class HelpdeskTestData {

    static final String API = "/api/v1";

    private HelpdeskTestData() {}

    /** A new org directly under the root; returns its id. */
    public static String org() {
        return org(null);
    }

    /** A new org under {@code parentId} (null: the root); returns its id. */
    static String org(String parentId) {
        String id = Fixtures.unique("hd-");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(
                        parentId == null
                                ? Map.of("id", id, "name", "帮扶测试工会")
                                : Map.of("id", id, "name", "帮扶测试工会", "parentId", parentId))
                .post(API + "/admin/orgs")
                .then()
                .statusCode(201);
        return id;
    }

    /** A caseworker account of this org (made by the root admin), logged in. */
    public static StaffAccounts.Login caseworker(String orgId) {
        return console(orgId, "caseworker");
    }

    /** A console account with this role ({@code caseworker}, {@code admin}) of this org, made by the root admin, logged in. */
    static StaffAccounts.Login console(String orgId, String role) {
        String username = Fixtures.unique(role.substring(0, 2));
        long id = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        username,
                        "password",
                        StaffAccounts.PASSWORD,
                        "displayName",
                        "李律师",
                        "stationIds",
                        List.of(),
                        "roles",
                        List.of(role),
                        "orgId",
                        orgId))
                .post(API + "/admin/staff")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        var tokens =
                StaffAccounts.logIn(username).then().statusCode(200).extract().jsonPath();
        return new StaffAccounts.Login(id, username, tokens.getString("accessToken"), tokens.getString("refreshToken"));
    }

    static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    static byte[] jpeg(int width, int height) {
        return image("jpeg", width, height);
    }

    private static byte[] image(String format, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xc8102e);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A small, well-formed one-page PDF. */
    static byte[] pdf() {
        String body = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
                + "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ValidatableResponse upload(String token, String contentType, byte[] bytes) {
        return given().auth()
                .oauth2(token)
                .contentType(contentType)
                .body(bytes)
                .post(API + "/me/attachments")
                .then();
    }

    public static long uploadPng(Fixtures.MemberLogin m) {
        return upload(m.accessToken(), "image/png", png(40, 30))
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("attachmentId");
    }

    /** Files a wage-arrears case with these uploads; returns the case id. */
    public static long file(Fixtures.MemberLogin m, Long... attachmentIds) {
        return Fixtures.as(m)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "category",
                        "WAGE_ARREARS",
                        "title",
                        "工地拖欠三个月工资",
                        "description",
                        "包工头拖欠2026年8-10月工资共18000元，附工资条和考勤照片。",
                        "contactPhone",
                        "13800001234",
                        "attachmentIds",
                        List.of(attachmentIds)))
                .post(API + "/me/cases")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("caseId");
    }

    public static ValidatableResponse assign(String adminToken, long caseId, long caseworkerId) {
        return given().auth()
                .oauth2(adminToken)
                .contentType(ContentType.JSON)
                .body(Map.of("caseworkerId", caseworkerId))
                .post(API + "/admin/cases/" + caseId + "/assign")
                .then();
    }

    static ValidatableResponse move(String token, long caseId, String to, String note) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(note == null ? Map.of("to", to) : Map.of("to", to, "note", note))
                .post(API + "/cases/" + caseId + "/transitions")
                .then();
    }

    public static ValidatableResponse say(String token, long caseId, String text, Long... attachmentIds) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("text", text, "attachmentIds", List.of(attachmentIds)))
                .post(API + "/cases/" + caseId + "/messages")
                .then();
    }
}
