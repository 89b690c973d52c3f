package dev.zhijia.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Native queries return whatever the driver maps DATETIME to; the columns hold UTC. */
public final class SqlTimes {

    private SqlTimes() {}

    public static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof Timestamp t
                ? t.toInstant()
                : column instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : (Instant) column;
    }
}
