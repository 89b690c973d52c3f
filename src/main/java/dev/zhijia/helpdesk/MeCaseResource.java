package dev.zhijia.helpdesk;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/me/cases")
@RolesAllowed(Caller.MEMBER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MeCaseResource {

    @RegisterForReflection
    public record FileRequest(
            @NotNull CaseCategory category,
            @NotBlank @Size(max = 50) String title,
            @NotBlank @Size(max = 2000) String description,

            @NotBlank @Pattern(regexp = "[0-9+ -]{5,20}", message = "must be a phone number") String contactPhone,

            @Size(max = Cases.MAX_ATTACHMENTS) List<@NotNull @Positive Long> attachmentIds) {}

    private final Cases cases;
    private final CaseViewer viewer;

    MeCaseResource(Cases cases, CaseViewer viewer) {
        this.cases = cases;
        this.viewer = viewer;
    }

    @POST
    @Operation(summary = "File a case (verified members); up to 9 of the member's own uploads attached")
    public Response file(@Valid @NotNull FileRequest r) {
        Cases.Filed filed =
                cases.file(viewer.get(), r.category(), r.title(), r.description(), r.contactPhone(), r.attachmentIds());
        return Response.status(201).entity(filed).build();
    }

    @GET
    @Operation(summary = "The member's own cases, newest first")
    public Page<Cases.Summary> mine(@Valid @BeanParam PageParams page) {
        return cases.mine(viewer.get().id(), page.limit, page.before());
    }
}
