package dev.zhijia.station;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Idempotency;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Verified members tell the union what is wrong at a station (closed, no water, broken, unclean). */
@Path("/stations/{id}/reports")
@RolesAllowed(Caller.MEMBER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StationReportResource {

    @RegisterForReflection
    public record ReportRequest(
            @NotNull ReportKind kind, @Size(max = 200) String comment) {}

    private final StationReports reports;
    private final Idempotency idempotency;
    private final Caller caller;

    StationReportResource(StationReports reports, Idempotency idempotency, Caller caller) {
        this.reports = reports;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** A client retrying after a lost reply sends the same {@code Idempotency-Key} and files one report. */
    @POST
    public Response file(
            @PathParam("id") @Positive long id,
            @Valid @NotNull ReportRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        return idempotency.once(
                "report:" + memberId + ":" + id,
                idempotencyKey,
                () -> Response.status(201)
                        .entity(reports.file(id, memberId, request.kind(), request.comment()))
                        .build());
    }
}
