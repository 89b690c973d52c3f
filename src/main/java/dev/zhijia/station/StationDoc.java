package dev.zhijia.station;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What nearby search needs of a station, as Redis keeps it: enough to filter and answer without MySQL.
 * Rebuilt from MySQL whenever Redis loses it.
 */
@RegisterForReflection
public record StationDoc(
        long id,
        String name,
        StationType type,
        double lat,
        double lng,
        String address,
        List<ServiceTag> services,
        boolean open24h,
        Integer opens,
        Integer closes,
        Double rating,
        int ratingCount,
        boolean waterAvailable,
        long version) {

    static StationDoc of(Station s) {
        return new StationDoc(
                s.id,
                s.name,
                s.type,
                s.lat,
                s.lng,
                s.address,
                s.serviceList(),
                s.open24h,
                s.opensMinute,
                s.closesMinute,
                s.rating(),
                s.ratingCount,
                s.waterStock > 0,
                s.version);
    }

    OpeningHours hours() {
        return open24h ? OpeningHours.ALWAYS : new OpeningHours(false, opens, closes);
    }
}
