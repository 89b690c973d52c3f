package dev.zhijia.door;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import dev.zhijia.staff.StaffService;
import dev.zhijia.stats.Figures;

/**
 * A station's doors (admins of its org subtree) and its entry log (those admins, with full names, and the
 * station's own staff, names masked).
 */
@Path("/admin/stations")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminDoorResource {

    private final Doors doors;
    private final EntryLog log;
    private final Figures figures;
    private final StaffService staff;
    private final AdminScope scope;
    private final Caller caller;

    AdminDoorResource(Doors doors, EntryLog log, Figures figures, StaffService staff, AdminScope scope, Caller caller) {
        this.doors = doors;
        this.log = log;
        this.figures = figures;
        this.staff = staff;
        this.scope = scope;
        this.caller = caller;
    }

    /** The device secret is in this answer only: it is stored encrypted and never shown again. */
    @POST
    @Path("/{id}/doors")
    public Response create(@PathParam("id") @Positive long id, @Valid @NotNull DoorRequest request) {
        return Response.status(201)
                .entity(doors.create(scope.get(), id, request))
                .build();
    }

    @GET
    @Path("/{id}/doors")
    public List<Doors.View> list(@PathParam("id") @Positive long id) {
        return doors.list(scope.get(), id);
    }

    /** {@code from}/{@code to}: service-zone days, both included (default today). */
    @GET
    @Path("/{id}/entries")
    @RolesAllowed({Caller.STAFF, Caller.ADMIN})
    public Page<EntryLog.Row> entries(
            @PathParam("id") @Positive long id,
            @QueryParam("from") LocalDate from,
            @QueryParam("to") LocalDate to,
            @Valid @BeanParam PageParams page) {
        boolean admin = caller.isAdmin();
        staff.requireStation(caller.staffId(), admin, id);
        return log.page(id, figures.range(from, to), page.limit, page.before(), admin);
    }
}
