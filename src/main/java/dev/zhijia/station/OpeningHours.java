package dev.zhijia.station;

import java.time.LocalTime;

/**
 * Daily opening hours in the service zone, as minutes of the day. A station that closes before it
 * opens (22:00–02:00) is open across midnight.
 */
public record OpeningHours(boolean open24h, Integer opens, Integer closes) {

    public static final OpeningHours ALWAYS = new OpeningHours(true, null, null);

    public boolean isOpenAt(LocalTime time) {
        if (open24h) {
            return true;
        }
        int now = time.getHour() * 60 + time.getMinute();
        return opens < closes ? now >= opens && now < closes : now >= opens || now < closes;
    }

    public String opensText() {
        return open24h ? null : text(opens);
    }

    public String closesText() {
        return open24h ? null : text(closes);
    }

    static String text(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }

    /** "07:30" → 450; null when it is not a time of day. */
    static Integer parse(String hhmm) {
        if (hhmm == null || !hhmm.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            return null;
        }
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
    }
}
