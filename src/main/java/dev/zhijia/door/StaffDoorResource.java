package dev.zhijia.door;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.staff.StaffService;

/** A station's staff see whether its doors are online (no secrets, no management). */
@Path("/staff/stations")
@RolesAllowed({Caller.STAFF, Caller.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class StaffDoorResource {

    private final Doors doors;
    private final StaffService staff;
    private final Caller caller;

    StaffDoorResource(Doors doors, StaffService staff, Caller caller) {
        this.doors = doors;
        this.staff = staff;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/doors")
    public List<Doors.View> list(@PathParam("id") @Positive long id) {
        staff.requireStation(caller.staffId(), caller.isAdmin(), id);
        return doors.of(id);
    }
}
