package dev.zhijia.org;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The union hierarchy, as far as the calling admin reaches. */
@Path("/admin/orgs")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OrgResource {

    static final String CODE = "[A-Za-z0-9_-]{1,32}";
    static final String CODE_MESSAGE = "must be 1-32 letters, digits, '_' or '-'";

    @RegisterForReflection
    public record CreateRequest(
            @NotBlank @Pattern(regexp = CODE, message = CODE_MESSAGE) String id,

            @NotBlank @Size(max = 64) String name,
            @Pattern(regexp = CODE, message = CODE_MESSAGE) String parentId) {}

    /** Either or both: a new name, a new parent. */
    @RegisterForReflection
    public record UpdateRequest(
            @Size(min = 1, max = 64) String name,
            @Pattern(regexp = CODE, message = CODE_MESSAGE) String parentId) {}

    private final Orgs orgs;
    private final AdminScope scope;

    OrgResource(Orgs orgs, AdminScope scope) {
        this.orgs = orgs;
        this.scope = scope;
    }

    @POST
    public Response create(@Valid @NotNull CreateRequest request) {
        return Response.status(201)
                .entity(orgs.create(scope.get(), request.id(), request.name(), request.parentId()))
                .build();
    }

    /** The caller's org first, then everything below it depth first. */
    @GET
    public List<Orgs.View> tree() {
        return orgs.tree(scope.get());
    }

    @PUT
    @Path("/{id}")
    public Orgs.View update(
            @PathParam("id") @Pattern(regexp = CODE, message = CODE_MESSAGE) String id,
            @Valid @NotNull UpdateRequest request) {
        if (request.name() == null && request.parentId() == null) {
            throw ProblemException.invalid("name", "give a new name, a new parentId or both");
        }
        return orgs.update(scope.get(), id, request.name(), request.parentId());
    }
}
