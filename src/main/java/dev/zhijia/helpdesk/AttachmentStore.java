package dev.zhijia.helpdesk;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where attachment bytes live, apart from their metadata ({@code help_attachment}). The default,
 * {@link MySqlAttachmentStore}, keeps them in MySQL ({@code help_attachment_blob}), so a backup of the database is a
 * backup of the cases. The production option for large federations is an S3-compatible object store (MinIO, OSS,
 * COS): a bucket without public access, one object per attachment keyed by its id, written inside {@link #put} and
 * streamed by {@link #copy}; the API stays the only way to a file (no presigned links), as ARCHITECTURE.md asks.
 */
public interface AttachmentStore {

    /** Stores the bytes of a new attachment, inside the caller's transaction where the store has one. */
    void put(long attachmentId, byte[] bytes);

    /** Streams the bytes into {@code out}; false if there are none. */
    boolean copy(long attachmentId, OutputStream out) throws IOException;

    /** Forgets the bytes (idempotent). */
    void delete(long attachmentId);
}
