package dev.zhijia.station;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Members' problem reports, for admins to follow up and resolve. */
@Path("/admin/reports")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminReportResource {

    @RegisterForReflection
    public record ResolveRequest(@Size(max = 200) String resolution) {}

    private final StationReports reports;
    private final Caller caller;
    private final AdminScope scope;

    AdminReportResource(StationReports reports, Caller caller, AdminScope scope) {
        this.scope = scope;
        this.reports = reports;
        this.caller = caller;
    }

    /** Newest first; {@code stationId} and {@code status} (OPEN, RESOLVED) narrow the list. */
    @GET
    public Page<StationReports.View> list(
            @QueryParam("stationId") @Positive Long stationId,
            @QueryParam("status") StationReport.Status status,
            @Valid @BeanParam PageParams page) {
        return reports.list(scope.get(), stationId, status, page.limit, page.before());
    }

    /** The body is optional: {@code {"resolution": "..."}}. */
    @POST
    @Path("/{id}/resolve")
    public StationReports.View resolve(@PathParam("id") @Positive long id, @Valid ResolveRequest request) {
        return reports.resolve(scope.get(), id, caller.staffId(), request == null ? null : request.resolution());
    }
}
