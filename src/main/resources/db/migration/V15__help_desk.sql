-- Help desk (困难帮扶, 法律援助, 维权): cases, their timeline and messages, and the files members attach.
-- Cases hold the most sensitive data in the system: nothing here is readable except through the API's checks
-- (owner, assigned caseworker, admins of the case's org subtree).

-- number: ZJ-<year>-<id, six digits or more>; unique, gaps allowed (a rolled-back filing leaves one).
-- org_id: the member's org when filed; admins of that subtree see and count it.
-- status: SUBMITTED, ACCEPTED, IN_PROGRESS, RESOLVED, REJECTED, WITHDRAWN, CLOSED. Every move is a guarded
-- UPDATE ... WHERE status = <from>, so of two racing moves one wins.
-- overdue_at: set once when the case was still unaccepted after zhijia.helpdesk.overdue-after (kept after it is
-- accepted, for the figures). *_month columns: first day of the service zone's month, for the figures.
CREATE TABLE help_case (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    number          VARCHAR(24)   NULL,
    member_id       BIGINT        NOT NULL,
    org_id          VARCHAR(32)   NOT NULL DEFAULT 'root',
    category        VARCHAR(16)   NOT NULL,
    title           VARCHAR(50)   NOT NULL,
    description     VARCHAR(2000) NOT NULL,
    contact_phone   VARCHAR(20)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    caseworker_id   BIGINT        NULL,
    created_at      DATETIME(3)   NOT NULL,
    created_month   DATE          NOT NULL,
    accepted_at     DATETIME(3)   NULL,
    resolved_at     DATETIME(3)   NULL,
    resolved_month  DATE          NULL,
    closed_at       DATETIME(3)   NULL,
    overdue_at      DATETIME(3)   NULL,
    rating          TINYINT       NULL,
    rating_comment  VARCHAR(500)  NULL,
    rated_at        DATETIME(3)   NULL,
    updated_at      DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_help_case_number (number),
    KEY idx_help_case_member (member_id, id),
    KEY idx_help_case_caseworker (caseworker_id, status),
    KEY idx_help_case_status (status, created_at),
    KEY idx_help_case_org (org_id, status),
    KEY idx_help_case_created (created_month, category),
    KEY idx_help_case_resolved (resolved_month, category),
    CONSTRAINT fk_help_case_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT fk_help_case_caseworker FOREIGN KEY (caseworker_id) REFERENCES staff_account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Messages both ways inside a case (the owner and the assigned caseworker).
CREATE TABLE help_case_message (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    case_id     BIGINT        NOT NULL,
    author      VARCHAR(40)   NOT NULL,
    author_role VARCHAR(16)   NOT NULL,
    author_name VARCHAR(64)   NOT NULL,
    text        VARCHAR(1000) NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_help_case_message_case (case_id, id),
    CONSTRAINT fk_help_case_message_case FOREIGN KEY (case_id) REFERENCES help_case (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The timeline: every transition, assignment, message and rating, in order.
CREATE TABLE help_case_event (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    case_id     BIGINT        NOT NULL,
    actor       VARCHAR(40)   NOT NULL,
    actor_role  VARCHAR(16)   NOT NULL,
    actor_name  VARCHAR(64)   NOT NULL,
    action      VARCHAR(16)   NOT NULL,
    note        VARCHAR(1000) NULL,
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_help_case_event_case (case_id, id),
    CONSTRAINT fk_help_case_event_case FOREIGN KEY (case_id) REFERENCES help_case (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Uploaded files. An upload belongs to its owner (a subject, member:<id>) and to no case until a case or a
-- message takes it; uploads no case took within zhijia.helpdesk.orphan-after are purged.
-- content_type is what the bytes are (checked by content), never what the client said.
CREATE TABLE help_attachment (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    owner        VARCHAR(40)  NOT NULL,
    case_id      BIGINT       NULL,
    message_id   BIGINT       NULL,
    content_type VARCHAR(32)  NOT NULL,
    size         INT          NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    width        INT          NULL,
    height       INT          NULL,
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_help_attachment_case (case_id),
    KEY idx_help_attachment_orphan (case_id, created_at),
    KEY idx_help_attachment_owner (owner, id),
    CONSTRAINT fk_help_attachment_case FOREIGN KEY (case_id) REFERENCES help_case (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The bytes, for the default store (zhijia.helpdesk.storage=mysql): one row per attachment, apart from the
-- metadata so lists never read a blob.
CREATE TABLE help_attachment_blob (
    attachment_id BIGINT     NOT NULL,
    bytes         LONGBLOB   NOT NULL,
    PRIMARY KEY (attachment_id),
    CONSTRAINT fk_help_attachment_blob FOREIGN KEY (attachment_id) REFERENCES help_attachment (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
