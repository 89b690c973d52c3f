package dev.zhijia.member;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

/** Batched roster SQL for the importer: one round trip per statement kind per batch. */
@ApplicationScoped
class RosterRepository {

    record Stored(long id, String name, String phone, String orgId, String tags) {
        boolean sameAs(RosterLine line) {
            return name.equals(line.name())
                    && Objects.equals(phone, line.phone())
                    && Objects.equals(orgId, line.orgId())
                    && tags.equals(line.tags());
        }
    }

    /** Keyed case-insensitively, as uk_roster_card_no (utf8mb4_unicode_ci) matches: {@code c123} finds {@code C123}. */
    Map<String, Stored> findByCardNos(Connection c, List<String> cardNos) throws SQLException {
        Map<String, Stored> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (cardNos.isEmpty()) {
            return out;
        }
        String sql = "SELECT id, card_no, name, phone, org_id, tags FROM roster_entry WHERE card_no IN ("
                + "?,".repeat(cardNos.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < cardNos.size(); i++) {
                ps.setString(i + 1, cardNos.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(2),
                            new Stored(
                                    rs.getLong(1), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Inserts or updates by card number; a concurrent import of the same card cannot make a duplicate. */
    void upsert(Connection c, List<RosterLine> lines, Instant now) throws SQLException {
        // VALUES(col) rather than MySQL 8's row alias: MariaDB only understands the former.
        String sql = "INSERT INTO roster_entry (card_no, name, phone, org_id, tags, source, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 'IMPORT', ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), phone = VALUES(phone),"
                + " org_id = VALUES(org_id), tags = VALUES(tags), updated_at = VALUES(updated_at)";
        Timestamp ts = Timestamp.from(now);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (RosterLine l : lines) {
                ps.setString(1, l.cardNo());
                ps.setString(2, l.name());
                ps.setString(3, l.phone());
                ps.setString(4, l.orgId());
                ps.setString(5, l.tags());
                ps.setTimestamp(6, ts);
                ps.setTimestamp(7, ts);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rewrites the tag index rows of these entries from their {@code tags} column. */
    void replaceTags(Connection c, Map<Long, List<String>> tagsById) throws SQLException {
        if (tagsById.isEmpty()) {
            return;
        }
        String delete = "DELETE FROM roster_tag WHERE roster_id IN (" + "?,".repeat(tagsById.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            int i = 1;
            for (Long id : tagsById.keySet()) {
                ps.setLong(i++, id);
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_tag (roster_id, tag) VALUES (?, ?)")) {
            for (Map.Entry<Long, List<String>> e : tagsById.entrySet()) {
                for (String tag : e.getValue()) {
                    ps.setLong(1, e.getKey());
                    ps.setString(2, tag);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
