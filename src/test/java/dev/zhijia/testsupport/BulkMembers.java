package dev.zhijia.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.smallrye.jwt.build.Jwt;

/**
 * Many verified members at once for concurrency tests: roster and member rows written in batches,
 * access tokens signed with the same key the service verifies (as a login would issue them).
 */
public final class BulkMembers {

    public record Member(long id, String token) {}

    private BulkMembers() {}

    public static List<Member> verified(int n, String tags, String orgId) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        String batch = Fixtures.unique("B");
        Timestamp now = Timestamp.from(Instant.now());
        List<Member> out = new ArrayList<>(n);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement roster = c.prepareStatement(
                    "INSERT INTO roster_entry (card_no, name, phone, org_id, tags, source,"
                            + " created_at, updated_at) VALUES (?, ?, NULL, ?, ?, 'IMPORT', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < n; i++) {
                    roster.setString(1, batch + "-" + i);
                    roster.setString(2, "会员" + i);
                    roster.setString(3, orgId);
                    roster.setString(4, tags);
                    roster.setTimestamp(5, now);
                    roster.setTimestamp(6, now);
                    roster.addBatch();
                }
                roster.executeBatch();
            }
            List<Long> rosterIds = ids(c, "SELECT id FROM roster_entry WHERE card_no LIKE ? ORDER BY id", batch + "-%");
            try (PreparedStatement tag = c.prepareStatement("INSERT INTO roster_tag (roster_id, tag) VALUES (?, ?)");
                    PreparedStatement member = c.prepareStatement(
                            "INSERT INTO member (openid, nickname, roster_id, verified_at, created_at)"
                                    + " VALUES (?, '职工', ?, ?, ?)")) {
                for (int i = 0; i < rosterIds.size(); i++) {
                    for (String t : tags.isEmpty() ? new String[0] : tags.split(";")) {
                        tag.setLong(1, rosterIds.get(i));
                        tag.setString(2, t);
                        tag.addBatch();
                    }
                    member.setString(1, "bulk-" + batch + "-" + i);
                    member.setLong(2, rosterIds.get(i));
                    member.setTimestamp(3, now);
                    member.setTimestamp(4, now);
                    member.addBatch();
                }
                tag.executeBatch();
                member.executeBatch();
            }
            c.commit();
            for (long id : ids(c, "SELECT id FROM member WHERE openid LIKE ? ORDER BY id", "bulk-" + batch + "-%")) {
                out.add(new Member(
                        id,
                        Jwt.subject("member:" + id)
                                .upn("member:" + id)
                                .groups(Set.of("member"))
                                .sign()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<Long> ids(Connection c, String sql, String like) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
