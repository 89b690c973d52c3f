package dev.zhijia.helpdesk;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.zhijia.audit.AuditedRead;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * One case, for whoever may know it exists (its member, its assigned caseworker, admins of its org's subtree);
 * anyone else signed in — another member, station staff, another caseworker — gets 404 {@code CASE_NOT_FOUND} on
 * every route here, as for an id that does not exist. Console accounts' reads are on the audit trail.
 */
@Path("/cases/{id}")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    @RegisterForReflection
    public record MessageRequest(
            @NotBlank @Size(max = 1000) String text,
            @Size(max = Cases.MAX_ATTACHMENTS) List<@NotNull @Positive Long> attachmentIds) {}

    @RegisterForReflection
    public record TransitionRequest(
            @NotNull CaseStatus to, @Size(max = 1000) String note) {}

    @RegisterForReflection
    public record RatingRequest(
            @NotNull @Min(1) @Max(5) Integer score,
            @Size(max = 500) String comment) {}

    private final Cases cases;
    private final Attachments attachments;
    private final CaseViewer viewer;

    CaseResource(Cases cases, Attachments attachments, CaseViewer viewer) {
        this.cases = cases;
        this.attachments = attachments;
        this.viewer = viewer;
    }

    @GET
    @AuditedRead
    @Operation(summary = "The case with its files, timeline and messages")
    public Cases.Detail get(@PathParam("id") @Positive long id) {
        return cases.detail(viewer.get(), id);
    }

    @POST
    @Path("messages")
    @Operation(summary = "A message from the member or the assigned caseworker")
    public Response message(@PathParam("id") @Positive long id, @Valid @NotNull MessageRequest r) {
        Cases.Message m = cases.message(viewer.get(), id, r.text(), r.attachmentIds());
        return Response.status(201).entity(m).build();
    }

    @GET
    @Path("attachments/{aid}")
    @AuditedRead
    @Produces({AttachmentCheck.JPEG, AttachmentCheck.PNG, AttachmentCheck.PDF, MediaType.APPLICATION_JSON})
    @Operation(summary = "One of the case's files, streamed")
    public Response attachment(@PathParam("id") @Positive long id, @PathParam("aid") @Positive long aid) {
        Attachments.Meta meta = cases.attachment(viewer.get(), id, aid);
        StreamingOutput body = out -> attachments.copy(meta.attachmentId(), out);
        return Response.ok(body, meta.type())
                .header("Content-Length", meta.size())
                .header(
                        "Content-Disposition",
                        "inline; filename=\"" + meta.attachmentId() + extension(meta.type()) + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @POST
    @Path("transitions")
    @Operation(
            summary =
                    "Move the case: caseworker/admin to IN_PROGRESS, RESOLVED, REJECTED, CLOSED; owner to WITHDRAWN, CLOSED")
    public Cases.Detail transition(@PathParam("id") @Positive long id, @Valid @NotNull TransitionRequest r) {
        return cases.transition(viewer.get(), id, r.to(), r.note());
    }

    @POST
    @Path("rating")
    @Operation(summary = "The member rates a resolved case, once")
    public Response rate(@PathParam("id") @Positive long id, @Valid @NotNull RatingRequest r) {
        return Response.status(201)
                .entity(cases.rate(viewer.get(), id, r.score(), r.comment()))
                .build();
    }

    private static String extension(String type) {
        return switch (type) {
            case AttachmentCheck.JPEG -> ".jpg";
            case AttachmentCheck.PNG -> ".png";
            default -> ".pdf";
        };
    }
}
