-- 24-hour station doors (扫码进站, issue 15): each door is a device on the MQTT broker.
-- The device secret signs the door's rotating QR and checks the service's open commands, so the service
-- needs the secret itself (a hash will not do): it is stored AES-GCM encrypted with a key from a Secret
-- (zhijia.doors.secret-key); key_id names that key so it can be rotated.
CREATE TABLE door (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    station_id    BIGINT        NOT NULL,
    name          VARCHAR(50)   NOT NULL,
    secret_enc    VARBINARY(128) NOT NULL,
    key_id        VARCHAR(16)   NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    -- the last heartbeat seen (written at most every few seconds); online = seen within a minute
    last_seen_at  DATETIME(3)   NULL,
    PRIMARY KEY (id),
    KEY idx_door_station (station_id, id),
    CONSTRAINT fk_door_station FOREIGN KEY (station_id) REFERENCES station (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per opening the device confirmed: the service never writes one the device did not confirm.
-- command_id is unique, so a duplicated confirmation cannot log the entry twice.
CREATE TABLE door_entry (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    door_id     BIGINT       NOT NULL,
    station_id  BIGINT       NOT NULL,
    member_id   BIGINT       NOT NULL,
    command_id  CHAR(32)     NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_door_entry_command (command_id),
    KEY idx_door_entry_station (station_id, created_at),
    KEY idx_door_entry_created (created_at),
    CONSTRAINT fk_door_entry_door FOREIGN KEY (door_id) REFERENCES door (id),
    CONSTRAINT fk_door_entry_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Rollups (V8): entries per station and day, and the distinct members who entered (entrants). A member's
-- first entry of a station-day inserts their row here, which is what counts them once.
ALTER TABLE figure_station_day
    ADD COLUMN entries   INT NOT NULL DEFAULT 0,
    ADD COLUMN entrants  INT NOT NULL DEFAULT 0;

CREATE TABLE figure_entrant_day (
    day         DATE   NOT NULL,
    station_id  BIGINT NOT NULL,
    member_id   BIGINT NOT NULL,
    PRIMARY KEY (day, station_id, member_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
