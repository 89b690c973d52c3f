package dev.zhijia.helpdesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.agroal.api.AgroalDataSource;

/**
 * The default {@link AttachmentStore}: one {@code help_attachment_blob} row per file. Writes go through the
 * caller's transaction (the entity manager), so a filing that rolls back leaves no bytes; reads stream the blob
 * from the driver to the response, a chunk at a time.
 */
@ApplicationScoped
public class MySqlAttachmentStore implements AttachmentStore {

    private final EntityManager em;
    private final AgroalDataSource dataSource;

    MySqlAttachmentStore(EntityManager em, AgroalDataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    @Override
    public void put(long attachmentId, byte[] bytes) {
        em.createNativeQuery("INSERT INTO help_attachment_blob (attachment_id, bytes) VALUES (?1, ?2)")
                .setParameter(1, attachmentId)
                .setParameter(2, bytes)
                .executeUpdate();
    }

    @Override
    public boolean copy(long attachmentId, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT bytes FROM help_attachment_blob WHERE attachment_id = ?")) {
            ps.setLong(1, attachmentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                try (InputStream in = rs.getBinaryStream(1)) {
                    in.transferTo(out);
                }
                return true;
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("attachment " + attachmentId + " unreadable", e));
        }
    }

    @Override
    public void delete(long attachmentId) {
        em.createNativeQuery("DELETE FROM help_attachment_blob WHERE attachment_id = ?1")
                .setParameter(1, attachmentId)
                .executeUpdate();
    }
}
