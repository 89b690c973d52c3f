package dev.zhijia.verify;

import java.time.LocalDate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Path("/staff/verifications")
@RolesAllowed(Caller.STAFF)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StaffVerificationResource {

    /** {@code stationId} only when the staff member works at several stations. */
    @RegisterForReflection
    public record VerifyRequest(
            @NotNull @Pattern(regexp = "\\d{6}|\\d{8}", message = "must be a 6- or 8-digit code") String code,

            @Positive Long stationId) {}

    private final Verifications verifications;
    private final Caller caller;
    private final ShiftableClock clock;

    StaffVerificationResource(Verifications verifications, Caller caller, ShiftableClock clock) {
        this.verifications = verifications;
        this.caller = caller;
        this.clock = clock;
    }

    /** Today's (or {@code ?date=}'s) verifications at the caller's stations, newest first (at most 500). */
    @GET
    public java.util.List<Verifications.Done> day(@QueryParam("date") LocalDate date) {
        return verifications.day(caller.staffId(), date == null ? clock.today() : date);
    }

    @POST
    public Verifications.Result verify(@Valid @NotNull VerifyRequest request) {
        return verifications.verify(caller.staffId(), request.stationId(), request.code());
    }
}
