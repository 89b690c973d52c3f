package dev.zhijia.station;

/**
 * How busy a station is: entries through its doors in the last hour, shown to admins on the station detail.
 * Implemented by the door capability (door/EntryLog), which the station package does not otherwise know.
 */
public interface StationOccupancy {

    int entriesLastHour(long stationId);
}
