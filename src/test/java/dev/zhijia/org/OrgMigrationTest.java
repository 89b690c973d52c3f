package dev.zhijia.org;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.zhijia.testsupport.EmbeddedMySql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** V11 on a database that already holds wave-1 rows: every free-text org code becomes an org under the root. */
class OrgMigrationTest {

    @Test
    void freeTextOrgCodesBecomeOrgsUnderTheRootAndExistingRowsBelongToTheRoot() throws SQLException {
        String url = EmbeddedMySql.shared().jdbcUrl("zhijia_v11_" + System.nanoTime() % 1_000_000);
        Flyway.configure()
                .dataSource(url, "root", "")
                .locations("classpath:db/migration")
                .target("8")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO roster_entry (card_no, name, org_id, source, created_at, updated_at) VALUES"
                    + " ('C1', '甲', 'org-a', 'IMPORT', NOW(3), NOW(3)), ('C2', '乙', NULL, 'IMPORT', NOW(3), NOW(3)),"
                    + " ('C3', '丙', 'org_b', 'IMPORT', NOW(3), NOW(3))");
            s.executeUpdate(
                    "INSERT INTO benefit (title, allocation, total_stock, opens_at, closes_at, redeem_by, eligible_orgs, created_by,"
                            + " created_at, updated_at) VALUES ('体检', 'FIRST_COME', 5, NOW(3), NOW(3), NOW(3), 'org-a,org-c,org-d', 1, NOW(3), NOW(3))");
            s.executeUpdate(
                    "INSERT INTO campaign (kind, title, status, audience_orgs, created_by, created_at, updated_at)"
                            + " VALUES ('NOTICE', '通知', 'DRAFT', 'org-e', 1, NOW(3), NOW(3))");
            s.executeUpdate("INSERT INTO station (name, created_at) VALUES ('驿站', NOW(3))");
        }
        Flyway.configure()
                .dataSource(url, "root", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement()) {
            assertEquals(
                    List.of("org-a|root", "org-c|root", "org-d|root", "org-e|root", "org_b|root", "root|"),
                    rows(s, "SELECT CONCAT(id, '|', COALESCE(parent_id, '')) FROM org_unit ORDER BY id"));
            assertEquals(
                    List.of("org-a|0", "org-c|0", "org-d|0", "org-e|0", "org_b|0", "root|0"),
                    rows(
                            s,
                            "SELECT CONCAT(descendant_id, '|', depth) FROM org_closure WHERE ancestor_id = descendant_id ORDER BY descendant_id"));
            assertEquals(List.of("6"), rows(s, "SELECT COUNT(*) FROM org_closure WHERE ancestor_id = 'root'"));
            assertEquals(List.of("root"), rows(s, "SELECT org_id FROM station"));
            assertEquals(List.of("root"), rows(s, "SELECT org_id FROM benefit"));
            assertEquals(List.of("org-a,org-c,org-d"), rows(s, "SELECT eligible_orgs FROM benefit"));
            assertEquals(List.of("root"), rows(s, "SELECT org_id FROM campaign"));
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        out.sort(null); // in Java's order, not the collation's
        return out;
    }
}
