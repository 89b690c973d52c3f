package dev.zhijia.station;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.staff.StaffService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What station staff do at the counter, limited to their own stations. */
@Path("/staff/stations")
@RolesAllowed({Caller.STAFF, Caller.ADMIN})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StaffStationResource {

    @RegisterForReflection
    public record RestockRequest(
            @NotNull @Min(1) @Max(100_000) Integer bottles) {}

    @RegisterForReflection
    public record Stock(long stationId, int waterStock) {}

    private final Stations stations;
    private final StaffService staff;
    private final Caller caller;

    StaffStationResource(Stations stations, StaffService staff, Caller caller) {
        this.stations = stations;
        this.staff = staff;
        this.caller = caller;
    }

    /** The caller's own stations, with stock. */
    @GET
    public List<StationView> mine() {
        return staff.stationIds(caller.staffId()).stream()
                .map(id -> stations.detail(id, true, false))
                .toList();
    }

    @POST
    @Path("/{id}/restock")
    public Stock restock(@PathParam("id") @Positive long id, @Valid @NotNull RestockRequest request) {
        staff.requireStation(caller.staffId(), caller.isAdmin(), id);
        return new Stock(id, stations.restock(id, request.bottles()));
    }
}
