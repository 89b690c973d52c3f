package dev.zhijia.station;

/**
 * Fired inside the transaction that changed a station; {@link StationIndex} copies it to Redis once
 * that transaction has committed. {@code doc} is null when the station was deleted.
 */
public record StationChanged(long id, long version, StationDoc doc) {}
