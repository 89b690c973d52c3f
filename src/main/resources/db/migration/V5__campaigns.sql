-- Campaigns (NOTICE / EVENT / VOTE): drafts, fan-out progress, event sign-ups with a waitlist,
-- ballots, and chat-platform subscribe messages. Portable between MySQL 8 and MariaDB 10.11
-- (utf8mb4_unicode_ci, no vendor-only syntax). Every "only once" rule has a unique key.

CREATE TABLE campaign (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    kind                  VARCHAR(16)   NOT NULL,
    title                 VARCHAR(100)  NOT NULL,
    body                  VARCHAR(2000) NOT NULL DEFAULT '',
    status                VARCHAR(16)   NOT NULL,
    -- audience: members with any one of the tags (if any) and in any one of the orgs (if any)
    audience_tags         VARCHAR(400)  NOT NULL DEFAULT '',
    audience_orgs         VARCHAR(1700) NOT NULL DEFAULT '',
    event_starts_at       DATETIME(3)   NULL,
    event_location        VARCHAR(200)  NULL,
    event_capacity        INT           NULL,
    event_signup_deadline DATETIME(3)   NULL,
    -- confirmed sign-ups; changed only under SELECT ... FOR UPDATE of this row
    confirmed_count       INT           NOT NULL DEFAULT 0,
    vote_max_choices      INT           NULL,
    vote_closes_at        DATETIME(3)   NULL,
    published_at          DATETIME(3)   NULL,
    -- fan-out snapshot: members with id <= fanout_last_member_id at publish time are the candidates;
    -- fanout_next_member_id is where the next chunk starts (moved by a guarded UPDATE per chunk)
    fanout_last_member_id BIGINT        NULL,
    fanout_next_member_id BIGINT        NULL,
    fanout_delivered      INT           NOT NULL DEFAULT 0,
    fanout_done_at        DATETIME(3)   NULL,
    -- the live event's stream id once it is in Redis (NULL: a sweeper retries the push)
    live_event_id         VARCHAR(40)   NULL,
    created_by            BIGINT        NOT NULL,
    created_at            DATETIME(3)   NOT NULL,
    updated_at            DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_campaign_status (status, id),
    KEY idx_campaign_fanout (status, fanout_done_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Vote options; the id is what ballots name.
CREATE TABLE campaign_option (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    campaign_id  BIGINT      NOT NULL,
    position     INT         NOT NULL,
    label        VARCHAR(50) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_option_position (campaign_id, position),
    CONSTRAINT fk_option_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE campaign_signup (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    campaign_id     BIGINT      NOT NULL,
    member_id       BIGINT      NOT NULL,
    -- member_id while the sign-up is live, NULL once cancelled: one live sign-up per member per event
    live_member_id  BIGINT      NULL,
    status          VARCHAR(16) NOT NULL,
    created_at      DATETIME(3) NOT NULL,
    promoted_at     DATETIME(3) NULL,
    cancelled_at    DATETIME(3) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_signup_live_member (campaign_id, live_member_id),
    -- the waitlist is this index read in id order
    KEY idx_signup_status (campaign_id, status, id),
    KEY idx_signup_member (member_id, id),
    CONSTRAINT fk_signup_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id),
    CONSTRAINT fk_signup_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE campaign_ballot (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    campaign_id  BIGINT      NOT NULL,
    member_id    BIGINT      NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    -- one ballot per member per vote
    UNIQUE KEY uk_ballot_member (campaign_id, member_id),
    CONSTRAINT fk_ballot_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id),
    CONSTRAINT fk_ballot_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE campaign_ballot_choice (
    ballot_id    BIGINT NOT NULL,
    option_id    BIGINT NOT NULL,
    campaign_id  BIGINT NOT NULL,
    PRIMARY KEY (ballot_id, option_id),
    KEY idx_choice_tally (campaign_id, option_id),
    CONSTRAINT fk_choice_ballot FOREIGN KEY (ballot_id) REFERENCES campaign_ballot (id) ON DELETE CASCADE,
    CONSTRAINT fk_choice_option FOREIGN KEY (option_id) REFERENCES campaign_option (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A member's consent to one subscribe-message template: each acceptance in the mini-program allows
-- one message (the platform's one-time subscription), so consent is a count of sends left.
CREATE TABLE subscribe_consent (
    member_id    BIGINT      NOT NULL,
    template_id  VARCHAR(64) NOT NULL,
    credits      INT         NOT NULL,
    updated_at   DATETIME(3) NOT NULL,
    PRIMARY KEY (member_id, template_id),
    KEY idx_consent_template (template_id, member_id),
    CONSTRAINT fk_consent_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One subscribe message per member per campaign, and what became of it.
CREATE TABLE subscribe_message (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    campaign_id      BIGINT       NOT NULL,
    member_id        BIGINT       NOT NULL,
    template_id      VARCHAR(64)  NOT NULL,
    -- PENDING → SENDING → SENT | REFUSED (43101) | FAILED | SKIPPED (consent gone)
    status           VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    errcode          INT          NULL,
    error            VARCHAR(200) NULL,
    next_attempt_at  DATETIME(3)  NOT NULL,
    lease_owner      CHAR(32)     NULL,
    lease_until      DATETIME(3)  NULL,
    created_at       DATETIME(3)  NOT NULL,
    finished_at      DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_subscribe_once (campaign_id, member_id),
    KEY idx_subscribe_due (status, next_attempt_at, id),
    KEY idx_subscribe_lease (lease_owner),
    CONSTRAINT fk_subscribe_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id),
    CONSTRAINT fk_subscribe_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
