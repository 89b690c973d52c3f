-- Water pickup (一瓶水·传递爱): codes issued at a station, verified by its staff; prize pools (清凉大礼包).

CREATE TABLE water_pickup (
    id            BIGINT      NOT NULL AUTO_INCREMENT,
    member_id     BIGINT      NOT NULL,
    station_id    BIGINT      NOT NULL,
    code          CHAR(6)     NOT NULL,
    status        VARCHAR(16) NOT NULL,
    expires_at    DATETIME(3) NOT NULL,
    created_at    DATETIME(3) NOT NULL,
    verified_at   DATETIME(3) NULL,
    -- the service-zone day of the verification: what the daily quota counts
    verified_day  DATE        NULL,
    verified_by   BIGINT      NULL,
    prize_id      BIGINT      NULL,
    PRIMARY KEY (id),
    KEY idx_pickup_station_code (station_id, code, id),
    KEY idx_pickup_member_day (member_id, verified_day),
    KEY idx_pickup_pending (status, expires_at),
    KEY idx_pickup_verified (verified_at),
    CONSTRAINT fk_pickup_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT fk_pickup_station FOREIGN KEY (station_id) REFERENCES station (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE water_prize_pool (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    name             VARCHAR(100) NOT NULL,
    -- NULL: every station
    station_id       BIGINT       NULL,
    starts_at        DATETIME(3)  NOT NULL,
    ends_at          DATETIME(3)  NOT NULL,
    win_probability  DOUBLE       NOT NULL,
    created_by       BIGINT       NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_pool_window (starts_at, ends_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE water_prize (
    id        BIGINT       NOT NULL AUTO_INCREMENT,
    pool_id   BIGINT       NOT NULL,
    name      VARCHAR(100) NOT NULL,
    quantity  INT          NOT NULL,
    -- guarded by "awarded < quantity" in the UPDATE that awards one
    awarded   INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_prize_pool (pool_id),
    CONSTRAINT fk_prize_pool FOREIGN KEY (pool_id) REFERENCES water_prize_pool (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
