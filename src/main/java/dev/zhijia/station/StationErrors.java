package dev.zhijia.station;

/**
 * The problem codes of stations, check-in tokens, reviews and reports.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class StationErrors {

    public static final String ALREADY_REVIEWED_TODAY = "ALREADY_REVIEWED_TODAY";
    public static final String CHECKIN_INVALID = "CHECKIN_INVALID";
    public static final String REPORT_ALREADY_RESOLVED = "REPORT_ALREADY_RESOLVED";
    public static final String REPORT_NOT_FOUND = "REPORT_NOT_FOUND";
    public static final String STATIONS_REBUILDING = "STATIONS_REBUILDING";
    public static final String STATION_NOT_FOUND = "STATION_NOT_FOUND";
    public static final String UNKNOWN_STATION = "UNKNOWN_STATION";

    private StationErrors() {}
}
