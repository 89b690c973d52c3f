package dev.zhijia.station;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Station detail. {@code waterStock} only for staff and admins, {@code openReports} only for admins, as is
 * {@code orgId}; {@code entriesLastHour} (occupancy: door entries in the last hour) on an admin's detail only.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StationView(
        long id,
        String name,
        StationType type,
        double lat,
        double lng,
        String address,
        List<ServiceTag> services,
        HoursView hours,
        boolean openNow,
        boolean open24h,
        Double rating,
        int ratingCount,
        boolean waterAvailable,
        Integer waterStock,
        Integer openReports,
        Boolean lowStock,
        String orgId,
        Integer entriesLastHour) {

    StationView withEntriesLastHour(int entries) {
        return new StationView(
                id,
                name,
                type,
                lat,
                lng,
                address,
                services,
                hours,
                openNow,
                open24h,
                rating,
                ratingCount,
                waterAvailable,
                waterStock,
                openReports,
                lowStock,
                orgId,
                entries);
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoursView(boolean open24h, String opens, String closes) {
        static HoursView of(OpeningHours h) {
            return new HoursView(h.open24h(), h.opensText(), h.closesText());
        }
    }
}
