-- Access that can be taken back (ARCHITECTURE.md). A row says: tokens of this subject issued before
-- valid_after are void. Access tokens live at most 7200 s, so rows older than that no longer matter and
-- are purged; every replica keeps the recent ones in memory and re-reads them from here (a Redis flush
-- cannot bring a revoked token back).
CREATE TABLE subject_revocation (
    subject     VARCHAR(40) NOT NULL,
    valid_after DATETIME(3) NOT NULL,
    PRIMARY KEY (subject),
    KEY idx_revocation_time (valid_after)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Signing an account out (revokedAt by subject) and the purge of expired and revoked refresh tokens.
ALTER TABLE refresh_token
    ADD KEY idx_refresh_subject (subject),
    ADD KEY idx_refresh_expires (expires_at),
    ADD KEY idx_refresh_revoked (revoked_at);

-- Failed staff logins are audited under the username typed (up to 64 characters).
ALTER TABLE audit_log MODIFY actor VARCHAR(64) NOT NULL;
