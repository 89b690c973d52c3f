package dev.zhijia.verify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;

@Path("/staff/verifications")
@RolesAllowed(Caller.STAFF)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StaffVerificationResource {

    /** {@code stationId} only when the staff member works at several stations. */
    public record VerifyRequest(@NotNull @Pattern(regexp = "\\d{6}|\\d{8}", message = "must be a 6- or 8-digit code") String code,
            @Positive Long stationId) {
    }

    private final Verifications verifications;
    private final Caller caller;

    StaffVerificationResource(Verifications verifications, Caller caller) {
        this.verifications = verifications;
        this.caller = caller;
    }

    @POST
    public Verifications.Result verify(@Valid @NotNull VerifyRequest request) {
        return verifications.verify(caller.staffId(), request.stationId(), request.code());
    }
}
