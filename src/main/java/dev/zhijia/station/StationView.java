package dev.zhijia.station;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Station detail. {@code waterStock} only for staff and admins, {@code openReports} only for admins, as is {@code orgId}. */
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
        String orgId) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoursView(boolean open24h, String opens, String closes) {
        static HoursView of(OpeningHours h) {
            return new HoursView(h.open24h(), h.opensText(), h.closesText());
        }
    }
}
