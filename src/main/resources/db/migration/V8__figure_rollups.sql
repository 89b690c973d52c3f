-- Daily rollups for the admin figures (issue 7): written in the same transaction as the row they count,
-- so a month's or a year's overview reads a few hundred small rows instead of every verification.
-- Days are service-zone calendar days (zhijia.zone), computed by the service, never by the database.
-- Everything here can be re-derived from the source tables (see dev.zhijia.stats.Rollups#rebuild).

-- Per station and day: water pickups and benefit redemptions verified there, reviews posted about it.
CREATE TABLE figure_station_day (
    day               DATE   NOT NULL,
    station_id        BIGINT NOT NULL,
    pickups           INT    NOT NULL DEFAULT 0,
    redemptions       INT    NOT NULL DEFAULT 0,
    reviews           INT    NOT NULL DEFAULT 0,
    review_score_sum  INT    NOT NULL DEFAULT 0,
    PRIMARY KEY (day, station_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Per benefit and the day its claims were made: claims still standing (a cancellation takes one back).
CREATE TABLE figure_benefit_day (
    day         DATE   NOT NULL,
    benefit_id  BIGINT NOT NULL,
    claims      INT    NOT NULL DEFAULT 0,
    PRIMARY KEY (day, benefit_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- "People served" is a count of distinct members, which cannot be summed from daily counts. One row per
-- member and month holds the days of that month on which they picked up or redeemed (bit d-1 = day d),
-- so any range is exact: whole months by presence, the partial months at either end by a day mask.
CREATE TABLE figure_served_month (
    month       DATE         NOT NULL,
    member_id   BIGINT       NOT NULL,
    days_mask   INT UNSIGNED NOT NULL,
    PRIMARY KEY (month, member_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row: whether the rollups have been derived from the rows that existed before they did.
CREATE TABLE figure_rollup_state (
    id            TINYINT     NOT NULL,
    derived_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
