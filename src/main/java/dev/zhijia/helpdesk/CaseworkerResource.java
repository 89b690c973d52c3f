package dev.zhijia.helpdesk;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.audit.AuditedRead;
import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A caseworker's own cases (those assigned to them now) and the count on their home page. */
@Path("/caseworker/cases")
@RolesAllowed(Caller.CASEWORKER)
@Produces(MediaType.APPLICATION_JSON)
public class CaseworkerResource {

    private final Cases cases;
    private final CaseViewer viewer;

    CaseworkerResource(Cases cases, CaseViewer viewer) {
        this.cases = cases;
        this.viewer = viewer;
    }

    @GET
    @AuditedRead
    @Operation(summary = "The cases assigned to the caller, newest first")
    public Page<Cases.Summary> mine(@QueryParam("status") CaseStatus status, @Valid @BeanParam PageParams page) {
        return cases.assigned(viewer.get().id(), status, page.limit, page.before());
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Open cases assigned to the caller, and how many wait for their answer")
    public Cases.Workload summary() {
        return cases.workload(viewer.get().id());
    }
}
