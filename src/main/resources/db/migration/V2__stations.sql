-- Stations on the service map (服务云图). Coordinates are GCJ-02 degrees. Hours are minutes of the
-- service zone's day; closes < opens means the station closes after midnight.
ALTER TABLE station
    ADD COLUMN type          VARCHAR(32)  NOT NULL DEFAULT 'SERVICE_CENTER',
    ADD COLUMN lat           DOUBLE       NOT NULL DEFAULT 0,
    ADD COLUMN lng           DOUBLE       NOT NULL DEFAULT 0,
    ADD COLUMN address       VARCHAR(200) NOT NULL DEFAULT '',
    ADD COLUMN services      VARCHAR(400) NOT NULL DEFAULT '',
    ADD COLUMN open_24h      BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN opens_minute  SMALLINT     NULL,
    ADD COLUMN closes_minute SMALLINT     NULL,
    ADD COLUMN water_stock   INT          NOT NULL DEFAULT 0,
    ADD COLUMN rating_sum    BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN rating_count  INT          NOT NULL DEFAULT 0,
    ADD COLUMN open_reports  INT          NOT NULL DEFAULT 0,
    -- bumped by every change: the Redis copy of a station is only replaced by a newer version
    ADD COLUMN version       BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN updated_at    DATETIME(3)  NULL,
    ADD KEY idx_station_lat_lng (lat, lng);

-- 一秒点评: one review per member per station per service-zone day.
CREATE TABLE station_review (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    station_id   BIGINT       NOT NULL,
    member_id    BIGINT       NOT NULL,
    review_date  DATE         NOT NULL,
    score        TINYINT      NOT NULL,
    tags         VARCHAR(200) NOT NULL DEFAULT '',
    comment      VARCHAR(200) NULL,
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_review_once_a_day (station_id, member_id, review_date),
    KEY idx_review_station (station_id, id),
    CONSTRAINT fk_review_station FOREIGN KEY (station_id) REFERENCES station (id),
    CONSTRAINT fk_review_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE station_report (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    station_id   BIGINT       NOT NULL,
    member_id    BIGINT       NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    comment      VARCHAR(200) NULL,
    status       VARCHAR(16)  NOT NULL,
    resolved_by  BIGINT       NULL,
    resolved_at  DATETIME(3)  NULL,
    resolution   VARCHAR(200) NULL,
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_report_status (status, station_id, id),
    KEY idx_report_station (station_id, id),
    CONSTRAINT fk_report_station FOREIGN KEY (station_id) REFERENCES station (id),
    CONSTRAINT fk_report_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
