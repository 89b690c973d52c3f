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
-- member and year holds the days of that year on which they picked up or redeemed: day-of-year d (1..366)
-- is bit (d-1) % 63 of column d<(d-1) / 63> (63 bits a column keeps every value a positive BIGINT). Any
-- range of at most 366 days is exact and touches at most two rows per member: no dedupe within a year.
CREATE TABLE figure_served_year (
    year       SMALLINT NOT NULL,
    member_id  BIGINT   NOT NULL,
    d0         BIGINT   NOT NULL DEFAULT 0,
    d1         BIGINT   NOT NULL DEFAULT 0,
    d2         BIGINT   NOT NULL DEFAULT 0,
    d3         BIGINT   NOT NULL DEFAULT 0,
    d4         BIGINT   NOT NULL DEFAULT 0,
    d5         BIGINT   NOT NULL DEFAULT 0,
    PRIMARY KEY (year, member_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row: whether the rollups have been derived from the rows that existed before they did.
CREATE TABLE figure_rollup_state (
    id            TINYINT     NOT NULL,
    derived_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
