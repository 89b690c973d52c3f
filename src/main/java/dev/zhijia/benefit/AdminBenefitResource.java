package dev.zhijia.benefit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;

@Path("/admin/benefits")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminBenefitResource {

    private final Benefits benefits;
    private final Caller caller;
    private final AdminScope scope;

    AdminBenefitResource(Benefits benefits, Caller caller, AdminScope scope) {
        this.scope = scope;
        this.benefits = benefits;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull BenefitRequest request) {
        return Response.status(201)
                .entity(benefits.create(scope.get(), request, caller.staffId()))
                .build();
    }

    @PUT
    @Path("/{id}")
    public Benefits.View update(@PathParam("id") @Positive long id, @Valid @NotNull BenefitRequest request) {
        return benefits.update(scope.get(), id, request);
    }
}
