package dev.zhijia.door;

/** The problem codes of station entry. Stable: clients branch on them, and README's error-code table lists them. */
public final class DoorErrors {

    public static final String DOOR_FAILED = "DOOR_FAILED";
    public static final String DOOR_NOT_FOUND = "DOOR_NOT_FOUND";
    public static final String DOOR_OFFLINE = "DOOR_OFFLINE";
    public static final String DOOR_QR_INVALID = "DOOR_QR_INVALID";
    public static final String STATION_CLOSED = "STATION_CLOSED";

    private DoorErrors() {}
}
