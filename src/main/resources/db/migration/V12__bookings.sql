-- Bookings (预约服务): services with time slots released at a known time, booked seats with codes
-- verified at a counter, no-shows and the suspensions they lead to. Portable between MySQL 8 and
-- MariaDB 10.11. Every "only once" rule has a unique key or a guarded UPDATE.

CREATE TABLE booking_service (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    -- the owning union org (org_unit), for admin scope
    org_id                VARCHAR(32)   NOT NULL DEFAULT 'root',
    title                 VARCHAR(100)  NOT NULL,
    kind                  VARCHAR(16)   NOT NULL,
    description           VARCHAR(2000) NOT NULL DEFAULT '',
    release_at            DATETIME(3)   NOT NULL,
    cancel_minutes_before INT           NOT NULL,
    eligible_tags         VARCHAR(400)  NOT NULL DEFAULT '',
    eligible_orgs         VARCHAR(400)  NOT NULL DEFAULT '',
    created_by            BIGINT        NOT NULL,
    created_at            DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_service_kind (kind, id),
    KEY idx_service_org (org_id),
    KEY idx_service_release (release_at),
    CONSTRAINT fk_booking_service_org FOREIGN KEY (org_id) REFERENCES org_unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Stations whose counters verify the service's codes (none: any station).
CREATE TABLE booking_service_station (
    service_id BIGINT NOT NULL,
    station_id BIGINT NOT NULL,
    PRIMARY KEY (service_id, station_id),
    CONSTRAINT fk_service_station_service FOREIGN KEY (service_id) REFERENCES booking_service (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_station_station FOREIGN KEY (station_id) REFERENCES station (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE booking_slot (
    id                  BIGINT      NOT NULL AUTO_INCREMENT,
    service_id          BIGINT      NOT NULL,
    starts_at           DATETIME(3) NOT NULL,
    ends_at             DATETIME(3) NOT NULL,
    capacity            INT         NOT NULL,
    -- seats taken (booked, verified or no-show); the guarded UPDATE on it is the last word against overbooking
    booked              INT         NOT NULL DEFAULT 0,
    -- set once, by the one replica that marks the slot's no-shows
    no_shows_marked_at  DATETIME(3) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_slot_start (service_id, starts_at),
    KEY idx_slot_end (no_shows_marked_at, ends_at),
    KEY idx_slot_start (starts_at),
    CONSTRAINT fk_slot_service FOREIGN KEY (service_id) REFERENCES booking_service (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE booking (
    id               BIGINT      NOT NULL AUTO_INCREMENT,
    service_id       BIGINT      NOT NULL,
    slot_id          BIGINT      NOT NULL,
    member_id        BIGINT      NOT NULL,
    -- member_id while BOOKED, NULL afterwards: one live booking per member per service
    live_member_id   BIGINT      NULL,
    code             CHAR(8)     NOT NULL,
    -- code while BOOKED, NULL afterwards: live codes are unique
    live_code        CHAR(8)     NULL,
    -- BOOKED → VERIFIED | NO_SHOW | CANCELLED
    status           VARCHAR(16) NOT NULL,
    created_at       DATETIME(3) NOT NULL,
    moved_at         DATETIME(3) NULL,
    cancelled_at     DATETIME(3) NULL,
    verified_at      DATETIME(3) NULL,
    verified_by      BIGINT      NULL,
    verified_station BIGINT      NULL,
    -- the end of the slot the member did not come to
    no_show_at       DATETIME(3) NULL,
    reminded_at      DATETIME(3) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_booking_live_member (service_id, live_member_id),
    UNIQUE KEY uk_booking_live_code (live_code),
    KEY idx_booking_slot (slot_id, status),
    KEY idx_booking_member (member_id, status),
    KEY idx_booking_code (code, id),
    KEY idx_booking_no_show (member_id, no_show_at),
    CONSTRAINT fk_booking_service FOREIGN KEY (service_id) REFERENCES booking_service (id),
    CONSTRAINT fk_booking_slot FOREIGN KEY (slot_id) REFERENCES booking_slot (id),
    CONSTRAINT fk_booking_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Members who may not book until a moment (too many no-shows).
CREATE TABLE booking_suspension (
    member_id   BIGINT      NOT NULL,
    until       DATETIME(3) NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (member_id),
    KEY idx_suspension_until (until),
    CONSTRAINT fk_suspension_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
