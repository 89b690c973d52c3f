package dev.zhijia.station;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public enum StationType {
    WATER_STATION,
    OUTDOOR_WORKER_STATION,
    DRIVERS_HOME,
    MOTHER_ROOM,
    CANTEEN,
    SERVICE_CENTER
}
