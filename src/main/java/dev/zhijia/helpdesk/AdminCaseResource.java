package dev.zhijia.helpdesk;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.audit.AuditedRead;
import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The admin's desk: the subtree's cases (filter by status, category, overdue) and assignment to a caseworker. */
@Path("/admin/cases")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminCaseResource {

    @RegisterForReflection
    public record AssignRequest(@NotNull @Positive Long caseworkerId) {}

    private final Cases cases;
    private final CaseViewer viewer;

    AdminCaseResource(Cases cases, CaseViewer viewer) {
        this.cases = cases;
        this.viewer = viewer;
    }

    @GET
    @AuditedRead
    @Operation(summary = "The subtree's cases, newest first; overdue=true: still unaccepted past the limit")
    public Page<Cases.Summary> list(
            @QueryParam("status") CaseStatus status,
            @QueryParam("category") CaseCategory category,
            @QueryParam("overdue") @DefaultValue("false") boolean overdue,
            @Valid @BeanParam PageParams page) {
        return cases.forAdmin(viewer.get().scope(), status, category, overdue, page.limit, page.before());
    }

    @POST
    @Path("/{id}/assign")
    @Operation(summary = "Give the case to a caseworker of the subtree (SUBMITTED → ACCEPTED), or hand it to another")
    public Cases.Detail assign(@PathParam("id") @Positive long id, @Valid @NotNull AssignRequest r) {
        return cases.assign(viewer.get(), id, r.caseworkerId());
    }
}
