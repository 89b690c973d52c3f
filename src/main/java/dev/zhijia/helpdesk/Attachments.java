package dev.zhijia.helpdesk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;

/**
 * Files attached to cases and messages. An upload is checked by its content ({@link AttachmentCheck}), stored
 * ({@link AttachmentStore}) and belongs to its uploader alone until a case or a message of theirs takes it (a
 * guarded update: an upload is taken once, and only by its owner); uploads nobody took are purged. Files are only
 * ever read through {@link #copy}, after {@link Cases} has decided the caller may see the case.
 */
@ApplicationScoped
public class Attachments {

    private static final Logger LOG = Logger.getLogger(Attachments.class);

    @RegisterForReflection
    public record Uploaded(long attachmentId, long size, String type, Integer width, Integer height) {}

    /** An attachment as a case view lists it; {@code messageId} is null for the case's own files. */
    @RegisterForReflection
    public record Meta(long attachmentId, Long messageId, String type, long size, Integer width, Integer height) {}

    private final EntityManager em;
    private final AttachmentCheck check;
    private final AttachmentStore store;
    private final HelpdeskConfig config;
    private final ShiftableClock clock;

    Attachments(
            EntityManager em,
            AttachmentCheck check,
            AttachmentStore store,
            HelpdeskConfig config,
            ShiftableClock clock) {
        this.em = em;
        this.check = check;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Reads at most the limit (413 past it, before anything is stored), checks the bytes, stores them. */
    @Transactional
    public Uploaded upload(String owner, InputStream body, long declaredLength) {
        int max = config.maxAttachmentBytes();
        if (declaredLength > max) {
            throw tooLarge(max);
        }
        byte[] bytes = readAtMost(body, max);
        if (bytes.length == 0) {
            throw AttachmentCheck.refused("The body is empty");
        }
        AttachmentCheck.Verdict verdict = check.check(bytes);
        em.createNativeQuery(
                        "INSERT INTO help_attachment (owner, content_type, size, sha256, width, height, created_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, owner)
                .setParameter(2, verdict.type())
                .setParameter(3, bytes.length)
                .setParameter(4, Hashes.sha256(bytes))
                .setParameter(5, verdict.width())
                .setParameter(6, verdict.height())
                .setParameter(7, clock.instant())
                .executeUpdate();
        long id = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        store.put(id, bytes);
        return new Uploaded(id, bytes.length, verdict.type(), verdict.width(), verdict.height());
    }

    /**
     * Gives the owner's untaken uploads to a case (and a message of it), in the caller's transaction; 404
     * {@code ATTACHMENT_NOT_FOUND} (and nothing taken) if any is not theirs or already taken.
     */
    void take(String owner, long caseId, Long messageId, List<Long> attachmentIds) {
        if (attachmentIds == null || attachmentIds.isEmpty()) {
            return;
        }
        TreeSet<Long> ids = new TreeSet<>(attachmentIds);
        int taken = em.createNativeQuery("UPDATE help_attachment SET case_id = ?1, message_id = ?2"
                        + " WHERE id IN ?3 AND owner = ?4 AND case_id IS NULL")
                .setParameter(1, caseId)
                .setParameter(2, messageId)
                .setParameter(3, ids)
                .setParameter(4, owner)
                .executeUpdate();
        if (taken != ids.size()) {
            throw ProblemException.notFound(
                    HelpdeskErrors.ATTACHMENT_NOT_FOUND, "An attachment is not one of your unused uploads");
        }
    }

    /** The case's files and its messages' files, oldest first. */
    List<Meta> ofCase(long caseId) {
        List<Meta> out = new ArrayList<>();
        for (Object row : em.createNativeQuery(
                        "SELECT id, message_id, content_type, size, width, height FROM help_attachment"
                                + " WHERE case_id = ?1 ORDER BY id")
                .setParameter(1, caseId)
                .getResultList()) {
            Object[] c = (Object[]) row;
            out.add(new Meta(
                    ((Number) c[0]).longValue(),
                    c[1] == null ? null : ((Number) c[1]).longValue(),
                    (String) c[2],
                    ((Number) c[3]).longValue(),
                    c[4] == null ? null : ((Number) c[4]).intValue(),
                    c[5] == null ? null : ((Number) c[5]).intValue()));
        }
        return out;
    }

    /** The type and size of one of the case's files, or 404 (a file of another case is as good as none). */
    Meta ofCase(long caseId, long attachmentId) {
        return ofCase(caseId).stream()
                .filter(m -> m.attachmentId() == attachmentId)
                .findFirst()
                .orElseThrow(() -> notFound(attachmentId));
    }

    /** Streams the bytes of an attachment the caller was allowed to see. */
    void copy(long attachmentId, OutputStream out) throws IOException {
        if (!store.copy(attachmentId, out)) {
            throw notFound(attachmentId);
        }
    }

    /** Deletes up to {@code limit} uploads no case took within the orphan time; idempotent on every replica. */
    public int purgeOrphans(int limit) {
        Instant before = clock.instant().minus(config.orphanAfter());
        List<Long> ids = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "SELECT id FROM help_attachment WHERE case_id IS NULL AND created_at < ?1 ORDER BY id LIMIT "
                                        + limit,
                                Long.class)
                        .setParameter(1, before)
                        .getResultList());
        int purged = 0;
        for (Long id : ids) {
            purged += QuarkusTransaction.requiringNew().call(() -> {
                // the guard: a case may have taken it since the select
                List<?> still = em.createNativeQuery(
                                "SELECT id FROM help_attachment WHERE id = ?1 AND case_id IS NULL FOR UPDATE")
                        .setParameter(1, id)
                        .getResultList();
                if (still.isEmpty()) {
                    return 0;
                }
                store.delete(id);
                return em.createNativeQuery("DELETE FROM help_attachment WHERE id = ?1 AND case_id IS NULL")
                        .setParameter(1, id)
                        .executeUpdate();
            });
        }
        if (purged > 0) {
            LOG.infof("purged %d orphan upload(s)", purged);
        }
        return purged;
    }

    private static byte[] readAtMost(InputStream in, int max) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 256 * 1024));
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    throw tooLarge(max);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ProblemException.badRequest(CommonErrors.REQUEST_ABORTED, "The upload was cut off");
        }
    }

    private static ProblemException tooLarge(int max) {
        return new ProblemException(
                413, HelpdeskErrors.ATTACHMENT_TOO_LARGE, "Attachments are limited to " + max + " bytes");
    }

    static ProblemException notFound(long attachmentId) {
        return ProblemException.notFound(HelpdeskErrors.ATTACHMENT_NOT_FOUND, "No attachment " + attachmentId);
    }
}
