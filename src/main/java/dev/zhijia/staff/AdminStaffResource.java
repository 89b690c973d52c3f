package dev.zhijia.staff;

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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/admin/staff")
@RolesAllowed(Caller.ADMIN)
public class AdminStaffResource {

    @RegisterForReflection
    public record CreateStaffRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{3,64}", message = "3-64 letters, digits, '_', '.' or '-'") String username,

            @NotNull @Size(min = 10, max = 128, message = "must be 10-128 characters") String password,

            @NotBlank @Size(max = 64) String displayName,
            @NotNull @Size(max = 50) List<@NotNull @Positive Long> stationIds,

            @Size(min = 1, max = 1, message = "give exactly one role") List<
                            @NotNull @Pattern(regexp = "staff|caseworker|admin", message = "must be staff, caseworker or admin") String>
                    roles,

            @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {

        /** One role per account (default staff); an admin is an admin of {@code orgId}'s subtree. */
        StaffAccount.Role role() {
            return roles == null
                    ? StaffAccount.Role.STAFF
                    : StaffAccount.Role.valueOf(roles.get(0).toUpperCase());
        }
    }

    @RegisterForReflection
    public record UpdateStaffRequest(
            @NotBlank @Size(max = 64) String displayName,
            @NotNull @Size(max = 50) List<@NotNull @Positive Long> stationIds,
            @NotNull @Size(min = 1, max = 3) List<@NotBlank String> roles) {}

    private final StaffService staff;
    private final Caller caller;
    private final AdminScope scope;

    AdminStaffResource(StaffService staff, Caller caller, AdminScope scope) {
        this.staff = staff;
        this.caller = caller;
        this.scope = scope;
    }

    /** Only inside the caller's subtree: {@code orgId} (default the caller's) and every station must lie in it. */
    @POST
    public Response create(@Valid @NotNull CreateStaffRequest request) {
        StaffService.View created = staff.create(
                scope.get(),
                request.username(),
                request.password(),
                request.displayName(),
                request.stationIds(),
                request.role(),
                request.orgId());
        return Response.status(201).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    public StaffService.View update(@PathParam("id") @Positive long id, @Valid @NotNull UpdateStaffRequest request) {
        return staff.update(
                scope.get(), id, request.displayName(), request.stationIds(), request.roles(), caller.staffId());
    }

    @POST
    @Path("/{id}/disable")
    public StaffService.View disable(@PathParam("id") @Positive long id) {
        return staff.disable(scope.get(), id, caller.staffId());
    }

    @POST
    @Path("/{id}/enable")
    public StaffService.View enable(@PathParam("id") @Positive long id) {
        return staff.enable(scope.get(), id);
    }

    @GET
    public Page<StaffService.View> list(@Valid @BeanParam PageParams page) {
        return staff.list(scope.get(), page.limit, page.before());
    }
}
