-- Accountability and figures. (V5 belongs to campaigns.)

-- Append-only: the service only ever INSERTs here.
CREATE TABLE audit_log (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    actor       VARCHAR(40)  NOT NULL,
    actor_role  VARCHAR(16)  NOT NULL,
    action      VARCHAR(120) NOT NULL,
    target      VARCHAR(200) NOT NULL DEFAULT '',
    status      SMALLINT     NOT NULL,
    ip          VARCHAR(45)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_audit_actor (actor, id),
    KEY idx_audit_action (action, id),
    KEY idx_audit_time (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Figures read ranges of these by time; covering indexes keep "people served" an index-only scan.
CREATE INDEX idx_verification_time_member ON verification (created_at, kind, member_id);
CREATE INDEX idx_claim_created ON benefit_claim (created_at, status);
CREATE INDEX idx_review_created ON station_review (created_at, score);
CREATE INDEX idx_member_created ON member (created_at, verified_at);
