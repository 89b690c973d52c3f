package dev.zhijia.common;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The cheapest endpoint of the service: the baseline every benchmark reports its ratios against. */
@Path("/ping")
public class PingResource {

    private static final Map<String, Boolean> PONG = Map.of("pong", true);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Boolean> ping() {
        return PONG;
    }

    /**
     * The same with a member's bearer token checked (RS256): the fair baseline for member endpoints,
     * whose every request pays for the signature check.
     */
    @GET
    @Path("/member")
    @RolesAllowed(Caller.MEMBER)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Boolean> memberPing() {
        return PONG;
    }
}
