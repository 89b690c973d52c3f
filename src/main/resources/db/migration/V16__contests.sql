-- Contests (网上竞赛): a question bank, timed attempts scored by the server, each member's best attempt
-- (the leaderboard's truth; Redis holds a rebuildable copy) and the prizes awarded by rank at the close.

-- audience_tags / audience_orgs: member/Audience's rule, comma-joined. award_progress: how many ranks
-- are awarded so far (each chunk moves it, guarded by its old value, in the transaction that writes its
-- prizes); awarded_at: set once every tier is awarded.
CREATE TABLE contest (
    id                     BIGINT        NOT NULL AUTO_INCREMENT,
    org_id                 VARCHAR(32)   NOT NULL DEFAULT 'root',
    title                  VARCHAR(100)  NOT NULL,
    description            VARCHAR(2000) NOT NULL DEFAULT '',
    opens_at               DATETIME(3)   NOT NULL,
    closes_at              DATETIME(3)   NOT NULL,
    audience_tags          VARCHAR(1000) NOT NULL DEFAULT '',
    audience_orgs          VARCHAR(2000) NOT NULL DEFAULT '',
    questions_per_attempt  INT           NOT NULL,
    seconds_per_attempt    INT           NOT NULL,
    attempts_per_member    INT           NOT NULL,
    award_progress         INT           NOT NULL DEFAULT 0,
    awarded_at             DATETIME(3)   NULL,
    created_by             BIGINT        NOT NULL,
    created_at             DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_contest_org (org_id),
    KEY idx_contest_award (awarded_at, closes_at),
    CONSTRAINT fk_contest_org FOREIGN KEY (org_id) REFERENCES org_unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- options: a JSON array of strings; answer: the correct option indexes (0-based), comma-joined and
-- ascending — one index is a single-choice question, several a multiple-choice one.
CREATE TABLE contest_question (
    id          BIGINT         NOT NULL AUTO_INCREMENT,
    contest_id  BIGINT         NOT NULL,
    text        VARCHAR(500)   NOT NULL,
    options     VARCHAR(2000)  NOT NULL,
    answer      VARCHAR(50)    NOT NULL,
    points      INT            NOT NULL,
    PRIMARY KEY (id),
    KEY idx_contest_question (contest_id, id),
    CONSTRAINT fk_contest_question FOREIGN KEY (contest_id) REFERENCES contest (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Prize tiers in award order: position 1 takes the first ranks.
CREATE TABLE contest_prize_tier (
    contest_id  BIGINT       NOT NULL,
    position    INT          NOT NULL,
    tier        VARCHAR(20)  NOT NULL,
    count       INT          NOT NULL,
    PRIMARY KEY (contest_id, position),
    CONSTRAINT fk_contest_tier FOREIGN KEY (contest_id) REFERENCES contest (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per attempt; attempt_no 1..attempts_per_member, so the unique key caps the attempts. seed draws
-- the attempt's questions (ContestDraw). Scoring is the guarded update of answered_at IS NULL.
CREATE TABLE contest_attempt (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    contest_id   BIGINT       NOT NULL,
    member_id    BIGINT       NOT NULL,
    attempt_no   INT          NOT NULL,
    seed         BIGINT       NOT NULL,
    started_at   DATETIME(3)  NOT NULL,
    deadline     DATETIME(3)  NOT NULL,
    answered_at  DATETIME(3)  NULL,
    score        INT          NULL,
    millis       INT          NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_contest_attempt_no (contest_id, member_id, attempt_no),
    KEY idx_contest_attempt_member (member_id, contest_id),
    CONSTRAINT fk_contest_attempt FOREIGN KEY (contest_id) REFERENCES contest (id),
    CONSTRAINT fk_contest_attempt_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every drawn question of a scored attempt, answered or not: the per-question correct rate.
CREATE TABLE contest_answer (
    attempt_id   BIGINT       NOT NULL,
    question_id  BIGINT       NOT NULL,
    contest_id   BIGINT       NOT NULL,
    choice       VARCHAR(50)  NOT NULL,
    correct      TINYINT      NOT NULL,
    PRIMARY KEY (attempt_id, question_id),
    KEY idx_contest_answer_question (contest_id, question_id, correct),
    CONSTRAINT fk_contest_answer_attempt FOREIGN KEY (attempt_id) REFERENCES contest_attempt (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Each member's best scored attempt: the ranking is this table in the documented order (score desc,
-- millis asc, answered_at asc, attempt_id asc), which the index serves as it stands.
CREATE TABLE contest_best (
    contest_id   BIGINT       NOT NULL,
    member_id    BIGINT       NOT NULL,
    attempt_id   BIGINT       NOT NULL,
    score        INT          NOT NULL,
    millis       INT          NOT NULL,
    answered_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (contest_id, member_id),
    KEY idx_contest_rank (contest_id, score DESC, millis, answered_at, attempt_id),
    CONSTRAINT fk_contest_best FOREIGN KEY (contest_id) REFERENCES contest (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The prizes: one per place (rank) and one per member (both unique), so a resumed or doubled award cannot give
-- a rank or a member twice.
CREATE TABLE contest_prize (
    contest_id  BIGINT       NOT NULL,
    place      INT          NOT NULL,
    member_id   BIGINT       NOT NULL,
    tier        VARCHAR(20)  NOT NULL,
    score       INT          NOT NULL,
    millis      INT          NOT NULL,
    attempt_id  BIGINT       NOT NULL,
    awarded_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (contest_id, place),
    UNIQUE KEY uk_contest_prize_member (contest_id, member_id),
    KEY idx_contest_prize_member (member_id),
    CONSTRAINT fk_contest_prize FOREIGN KEY (contest_id) REFERENCES contest (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
