package dev.zhijia.station;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

@Path("/admin/stations")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminStationResource {

    private final Stations stations;
    private final AdminScope scope;

    AdminStationResource(Stations stations, AdminScope scope) {
        this.stations = stations;
        this.scope = scope;
    }

    @POST
    public Response create(@Valid @NotNull StationRequest request) {
        return Response.status(201)
                .entity(stations.create(scope.get(), request))
                .build();
    }

    @PUT
    @Path("/{id}")
    public StationView replace(@PathParam("id") @Positive long id, @Valid @NotNull StationRequest request) {
        return stations.replace(scope.get(), id, request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") @Positive long id) {
        stations.delete(scope.get(), id);
        return Response.noContent().build();
    }

    /** Newest first; {@code lowStock=true} and {@code openReports=true} narrow it to stations needing attention. */
    @GET
    public Page<StationView> list(
            @Valid @BeanParam PageParams page,
            @QueryParam("lowStock") @DefaultValue("false") boolean lowStock,
            @QueryParam("openReports") @DefaultValue("false") boolean openReports) {
        return stations.list(scope.get(), page.limit, page.before(), lowStock, openReports);
    }
}
