package dev.zhijia.station;

/** What a member can report about a station. */
public enum ReportKind {
    CLOSED_DURING_HOURS,
    NO_WATER,
    EQUIPMENT_BROKEN,
    UNCLEAN,
    OTHER
}
