package dev.zhijia.testsupport;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Test data through the public API where one exists; each test makes its own, uniquely named. */
public final class Fixtures {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-dev-only";

    private Fixtures() {}

    /** Unique per call across the JVM: for card numbers, usernames and mock login ids. */
    public static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    /**
     * The {@code i}-th wrong code for guessing tests: it ends in its Luhn check digit, so no claim can
     * have it (claim codes never do, and the lottery tests leave 200,000 live claim codes behind), and
     * only a booking with that exact random code could match.
     */
    public static String wrongCode(int i) {
        return dev.zhijia.common.CheckDigit.append(String.format("9%06d", i));
    }

    public record MemberLogin(long id, String accessToken, String refreshToken) {}

    public static MemberLogin newMember() {
        var body = given().contentType(ContentType.JSON)
                .body("{\"code\":\"mock-" + unique("m") + "\"}")
                .post("/api/v1/auth/wechat/login")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new MemberLogin(
                body.getLong("member.id"), body.getString("accessToken"), body.getString("refreshToken"));
    }

    /** Requests on behalf of this member. */
    public static RequestSpecification as(MemberLogin member) {
        return given().auth().oauth2(member.accessToken());
    }

    /** A member bound to a fresh roster entry with these tags (`;`-separated) and org. */
    public static MemberLogin verifiedMember(String tags, String orgId) {
        MemberLogin m = newMember();
        String card = rosterEntry("测试员", tags, orgId);
        as(m).contentType(ContentType.JSON)
                .body("{\"name\":\"测试员\",\"cardNo\":\"" + card + "\"}")
                .post("/api/v1/me/verification")
                .then()
                .statusCode(200);
        return m;
    }

    /** Imports one roster line with a fresh card number and returns that number. */
    public static String rosterEntry(String name, String tags, String orgId) {
        String card = unique("C");
        importRoster(
                "name,cardNo,phone,orgId,tags\n" + name + "," + card + ",13800001111," + orgId + "," + tags + "\n");
        return card;
    }

    public static String adminToken() {
        return login(ADMIN_USER, ADMIN_PASSWORD);
    }

    public static String login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(adminToken());
    }

    public static void importRoster(String csv) {
        importRoster(csv.getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
    }

    /**
     * Posts raw CSV bytes. Bytes, not a String: rest-assured would encode a {@code text/*} String body as
     * ISO-8859-1 and turn every Chinese character into '?'.
     */
    public static Response importRoster(byte[] csv) {
        return asAdmin().contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/admin/roster");
    }

    /** Maps one result row; may throw like JDBC does. */
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Reads the database directly, for what the API does not show (index rows, how many rows). */
    /** Rows InnoDB has inserted or updated so far, server-wide: a burst test's own MySQL writes are the difference. */
    public static long innodbRowWrites() {
        return query(
                        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_rows_inserted','Innodb_rows_updated')",
                        rs -> rs.getLong(2))
                .stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    public static <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection c =
                        Arc.container().instance(AgroalDataSource.class).get().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The card's rows in roster_tag, the index audience targeting and eligibility read. */
    public static List<String> rosterTags(String cardNo) {
        return query(
                "SELECT t.tag FROM roster_tag t JOIN roster_entry e ON e.id = t.roster_id WHERE e.card_no = ? ORDER BY t.tag",
                rs -> rs.getString(1),
                cardNo);
    }

    /** A 24-hour water station with 100 bottles, made through the admin API. */
    public static long station(String name) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\",\"type\":\"WATER_STATION\",\"lat\":31.23,\"lng\":121.47,"
                        + "\"hours\":{\"open24h\":true},\"waterStock\":100}")
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** A staff account bound to the given stations, logged in. */
    public static String staffToken(long... stationIds) {
        String username = unique("staff");
        StringBuilder ids = new StringBuilder();
        for (long id : stationIds) {
            ids.append(ids.length() == 0 ? "" : ",").append(id);
        }
        asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + username
                        + "\",\"password\":\"staff-password-1\",\"displayName\":\"站员\",\"stationIds\":[" + ids + "]}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201);
        return login(username, "staff-password-1");
    }
}
