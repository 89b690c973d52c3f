package dev.zhijia.booking;

import java.time.LocalDate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Idempotency;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    @RegisterForReflection
    public record BookingRequest(@NotNull @Positive Long slotId) {}

    private final Services services;
    private final Bookings bookings;
    private final Idempotency idempotency;
    private final Caller caller;

    ServiceResource(Services services, Bookings bookings, Idempotency idempotency, Caller caller) {
        this.services = services;
        this.bookings = bookings;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @GET
    public Page<Services.View> list(
            @QueryParam("kind")
                    @Pattern(
                            regexp = "CHECKUP|COUNSELLING|LEGAL|REST_TRIP|OTHER",
                            message = "must be CHECKUP, COUNSELLING, LEGAL, REST_TRIP or OTHER")
                    String kind,
            @Valid @BeanParam PageParams page) {
        return services.list(kind == null ? null : BookableService.Kind.valueOf(kind), page.limit, page.before());
    }

    @GET
    @Path("/{id}")
    public Services.View detail(@PathParam("id") @Positive long id) {
        return services.detail(id);
    }

    @GET
    @Path("/{id}/slots")
    public Services.Slots slots(
            @PathParam("id") @Positive long id, @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        return services.slots(id, from, to);
    }

    @POST
    @Path("/{id}/bookings")
    @RolesAllowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> book(
            @PathParam("id") @Positive long id,
            @Valid @NotNull BookingRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        if (idempotencyKey != null) {
            return Uni.createFrom()
                    .item(() -> idempotency.once(
                            "booking:" + memberId + ":" + id,
                            idempotencyKey,
                            () -> Response.status(201)
                                    .entity(bookings.book(memberId, id, request.slotId()))
                                    .build()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return bookings.bookAsync(memberId, id, request.slotId())
                .map(b -> Response.status(201).entity(b).build());
    }
}
