package dev.zhijia.station;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.staff.StaffService;
import io.smallrye.mutiny.Uni;

/** The service map for everyone: nearby search and detail; the check-in QR for a station's staff. */
@Path("/stations")
@Produces(MediaType.APPLICATION_JSON)
public class StationResource {

    private final NearbySearch nearby;
    private final Stations stations;
    private final CheckinTokens checkins;
    private final StaffService staff;
    private final Caller caller;

    StationResource(NearbySearch nearby, Stations stations, CheckinTokens checkins, StaffService staff, Caller caller) {
        this.nearby = nearby;
        this.stations = stations;
        this.checkins = checkins;
        this.staff = staff;
        this.caller = caller;
    }

    @GET
    @Path("/nearby")
    public Uni<NearbySearch.Result> nearby(
            @QueryParam("lat") @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @QueryParam("lng") @NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
            @QueryParam("radius") @DefaultValue("1500") @Min(1) @Max(20_000) int radius,
            @QueryParam("type") StationType type,
            @QueryParam("service") ServiceTag service,
            @QueryParam("openNow") @DefaultValue("false") boolean openNow,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return nearby.search(new NearbySearch.Query(lat, lng, radius, type, service, openNow, limit));
    }

    @GET
    @Path("/{id}")
    public StationView detail(@PathParam("id") @Positive long id) {
        return stations.detail(id, caller.isStaffOrAdmin(), caller.isAdmin());
    }

    @GET
    @Path("/{id}/checkin-token")
    @RolesAllowed({Caller.STAFF, Caller.ADMIN})
    public CheckinTokens.Token checkinToken(@PathParam("id") @Positive long id) {
        staff.requireStation(caller.staffId(), caller.isAdmin(), id);
        stations.live(id, LockModeType.NONE);
        return checkins.issue(id);
    }
}
