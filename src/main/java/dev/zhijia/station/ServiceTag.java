package dev.zhijia.station;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a station offers (休息, 热水, 充电, ...): filters in nearby search. */
@RegisterForReflection
public enum ServiceTag {
    REST,
    DRINKING_WATER,
    HOT_WATER,
    PHONE_CHARGING,
    EBIKE_CHARGING,
    MICROWAVE,
    LAUNDRY,
    FIRST_AID,
    TOILET,
    WIFI,
    AIR_CONDITIONING,
    NURSING_ROOM,
    READING,
    SCAN_ENTRY
}
