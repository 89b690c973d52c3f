-- Foundation: accounts, roster, staff, tokens. Portable between MySQL 8 and MariaDB 10.11:
-- utf8mb4_unicode_ci (MariaDB lacks MySQL 8's utf8mb4_0900_*), no vendor-only syntax.

CREATE TABLE station (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100) NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    deleted_at  DATETIME(3)  NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE roster_entry (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    card_no     VARCHAR(32)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    phone       VARCHAR(20)  NULL,
    org_id      VARCHAR(32)  NULL,
    tags        VARCHAR(400) NOT NULL DEFAULT '',
    source      VARCHAR(16)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_roster_card_no (card_no),
    KEY idx_roster_org (org_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per (entry, tag): audience targeting and eligibility select by tag through this index.
CREATE TABLE roster_tag (
    roster_id   BIGINT      NOT NULL,
    tag         VARCHAR(32) NOT NULL,
    PRIMARY KEY (roster_id, tag),
    KEY idx_roster_tag_tag (tag, roster_id),
    CONSTRAINT fk_roster_tag_entry FOREIGN KEY (roster_id) REFERENCES roster_entry (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE member (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    openid      VARCHAR(64) NOT NULL,
    unionid     VARCHAR(64) NULL,
    nickname    VARCHAR(64) NOT NULL,
    roster_id   BIGINT      NULL,
    verified_at DATETIME(3) NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_member_openid (openid),
    -- one bound account per card number
    UNIQUE KEY uk_member_roster (roster_id),
    CONSTRAINT fk_member_roster FOREIGN KEY (roster_id) REFERENCES roster_entry (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE staff_account (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    display_name  VARCHAR(64)  NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    disabled_at   DATETIME(3)  NULL,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_staff_username (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE staff_station (
    staff_id    BIGINT NOT NULL,
    station_id  BIGINT NOT NULL,
    PRIMARY KEY (staff_id, station_id),
    KEY idx_staff_station_station (station_id),
    CONSTRAINT fk_staff_station_staff FOREIGN KEY (staff_id) REFERENCES staff_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_staff_station_station FOREIGN KEY (station_id) REFERENCES station (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Refresh tokens are stored as SHA-256 hashes; a family is one login's chain of rotations.
CREATE TABLE refresh_token (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    token_hash  CHAR(64)    NOT NULL,
    family_id   CHAR(32)    NOT NULL,
    subject     VARCHAR(40) NOT NULL,
    expires_at  DATETIME(3) NOT NULL,
    used_at     DATETIME(3) NULL,
    revoked_at  DATETIME(3) NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_refresh_token_hash (token_hash),
    KEY idx_refresh_family (family_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE join_application (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    member_id          BIGINT       NOT NULL,
    -- equals member_id while PENDING and NULL afterwards: one pending application per member
    pending_member_id  BIGINT       NULL,
    name               VARCHAR(64)  NOT NULL,
    phone              VARCHAR(20)  NOT NULL,
    employer           VARCHAR(100) NOT NULL,
    occupation         VARCHAR(64)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    decided_by         BIGINT       NULL,
    decided_at         DATETIME(3)  NULL,
    reason             VARCHAR(200) NULL,
    roster_id          BIGINT       NULL,
    created_at         DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_join_pending_member (pending_member_id),
    KEY idx_join_status (status, id),
    KEY idx_join_member (member_id),
    CONSTRAINT fk_join_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
