-- Benefits (普惠福利) with flash claims and lottery draws, and staff verifications of any code.

CREATE TABLE benefit (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    title            VARCHAR(100)  NOT NULL,
    description      VARCHAR(2000) NOT NULL DEFAULT '',
    allocation       VARCHAR(16)   NOT NULL,
    total_stock      INT           NOT NULL,
    -- live (not cancelled) claims; the guarded UPDATE on it is the last word against overselling
    claimed_count    INT           NOT NULL DEFAULT 0,
    per_member_limit INT           NOT NULL DEFAULT 1,
    opens_at         DATETIME(3)   NOT NULL,
    closes_at        DATETIME(3)   NOT NULL,
    redeem_by        DATETIME(3)   NOT NULL,
    eligible_tags    VARCHAR(400)  NOT NULL DEFAULT '',
    eligible_orgs    VARCHAR(400)  NOT NULL DEFAULT '',
    sold_out_at      DATETIME(3)   NULL,
    draw_seed        CHAR(64)      NULL,
    entries_digest   CHAR(64)      NULL,
    drawn_at         DATETIME(3)   NULL,
    created_by       BIGINT        NOT NULL,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_benefit_window (opens_at, closes_at),
    KEY idx_benefit_draw (allocation, drawn_at, closes_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE benefit_station (
    benefit_id BIGINT NOT NULL,
    station_id BIGINT NOT NULL,
    PRIMARY KEY (benefit_id, station_id),
    CONSTRAINT fk_benefit_station_benefit FOREIGN KEY (benefit_id) REFERENCES benefit (id) ON DELETE CASCADE,
    CONSTRAINT fk_benefit_station_station FOREIGN KEY (station_id) REFERENCES station (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE benefit_claim (
    id                 BIGINT      NOT NULL AUTO_INCREMENT,
    benefit_id         BIGINT      NOT NULL,
    member_id          BIGINT      NOT NULL,
    -- member_id while the claim is live, NULL once cancelled: one live claim per member per benefit
    live_member_id     BIGINT      NULL,
    code               CHAR(8)     NOT NULL,
    -- code while redeemable, NULL once redeemed or cancelled: live codes are unique
    live_code          CHAR(8)     NULL,
    status             VARCHAR(16) NOT NULL,
    redeem_by          DATETIME(3) NOT NULL,
    created_at         DATETIME(3) NOT NULL,
    cancelled_at       DATETIME(3) NULL,
    redeemed_at        DATETIME(3) NULL,
    redeemed_by        BIGINT      NULL,
    redeemed_station   BIGINT      NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_claim_live_member (benefit_id, live_member_id),
    UNIQUE KEY uk_claim_live_code (live_code),
    KEY idx_claim_code (code, id),
    KEY idx_claim_member (member_id, id),
    CONSTRAINT fk_claim_benefit FOREIGN KEY (benefit_id) REFERENCES benefit (id),
    CONSTRAINT fk_claim_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Lottery entries; the id is the entrant's public ticket number in the published draw.
CREATE TABLE benefit_entry (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    benefit_id  BIGINT      NOT NULL,
    member_id   BIGINT      NOT NULL,
    won         BOOLEAN     NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_entry_member (benefit_id, member_id),
    CONSTRAINT fk_entry_benefit FOREIGN KEY (benefit_id) REFERENCES benefit (id),
    CONSTRAINT fk_entry_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every successful staff verification of a code (claims now, water pickups later): who, where, when.
CREATE TABLE verification (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    kind        VARCHAR(16) NOT NULL,
    ref_id      BIGINT      NOT NULL,
    member_id   BIGINT      NOT NULL,
    staff_id    BIGINT      NOT NULL,
    station_id  BIGINT      NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_verification_ref (kind, ref_id),
    KEY idx_verification_station (station_id, created_at),
    KEY idx_verification_time (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A member's inbox; the Campaigns feature extends it.
CREATE TABLE inbox_message (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    member_id   BIGINT        NOT NULL,
    kind        VARCHAR(32)   NOT NULL,
    title       VARCHAR(200)  NOT NULL,
    body        VARCHAR(2000) NOT NULL DEFAULT '',
    ref_id      BIGINT        NULL,
    read_at     DATETIME(3)   NULL,
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_inbox_member (member_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
