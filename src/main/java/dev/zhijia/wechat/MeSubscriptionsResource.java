package dev.zhijia.wechat;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Opt-in to subscribe messages, per template, as the mini-program's {@code wx.requestSubscribeMessage} reports it. */
@Path("/me/subscriptions")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class MeSubscriptionsResource {

    @RegisterForReflection
    public record Answer(
            @NotBlank @Size(max = 64) String templateId,
            @NotNull Boolean accepted) {}

    private final Subscriptions subscriptions;
    private final Caller caller;

    MeSubscriptionsResource(Subscriptions subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @Operation(summary = "The member's subscribe-message consent per template")
    @GET
    public Subscriptions.Listing list() {
        return subscriptions.list(caller.memberId());
    }

    @Operation(
            summary =
                    "Send the member's answer to one subscribe-message request (accept banks one send, reject clears them)")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Subscriptions.Item answer(@Valid @NotNull Answer answer) {
        return subscriptions.answer(caller.memberId(), answer.templateId(), answer.accepted());
    }
}
