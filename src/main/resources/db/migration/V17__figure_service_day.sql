-- Bookings in the daily rollups (issue 19: trend charts). Like figure_benefit_day: per bookable service and
-- the service-zone day a booking was made, the bookings still standing (a cancellation takes one back; a
-- move to another slot changes nothing). Written in the booking's own transaction, re-derivable from
-- booking (dev.zhijia.stats.Rollups#rebuild). One column per counter: a later counter is one more column.
CREATE TABLE figure_service_day (
    day         DATE   NOT NULL,
    service_id  BIGINT NOT NULL,
    bookings    INT    NOT NULL DEFAULT 0,
    PRIMARY KEY (day, service_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
