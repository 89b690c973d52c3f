package dev.zhijia.station;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a member can report about a station. */
@RegisterForReflection
public enum ReportKind {
    CLOSED_DURING_HOURS,
    NO_WATER,
    EQUIPMENT_BROKEN,
    UNCLEAN,
    OTHER
}
