package dev.zhijia.wechat;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The chat platform's HTTP API. Replies are read as text: code2Session answers JSON labelled
 * {@code text/plain}, and errors come back as HTTP 200 with an {@code errcode}. Request bodies are
 * JSON text for the same reason: the callers own the (de)serialisation and its error handling.
 */
@RegisterRestClient(configKey = "wechat")
@Path("/")
public interface WechatApi {

    @GET
    @Path("/sns/jscode2session")
    @Produces(MediaType.WILDCARD)
    String code2Session(
            @QueryParam("appid") String appid,
            @QueryParam("secret") String secret,
            @QueryParam("js_code") String code,
            @QueryParam("grant_type") String grantType);

    /**
     * The shared ("stable") access token: {@code {"grant_type":"client_credential","appid","secret","force_refresh"}} →
     * {@code {"access_token","expires_in"}}. Unlike {@code /cgi-bin/token}, fetching it does not invalidate the
     * token other replicas hold.
     */
    @POST
    @Path("/cgi-bin/stable_token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    String stableToken(String json);

    /** {@code {"touser","template_id","page","data":{...},"miniprogram_state"}} → {@code {"errcode","errmsg"}}. */
    @POST
    @Path("/cgi-bin/message/subscribe/send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    String sendSubscribeMessage(@QueryParam("access_token") String accessToken, String json);
}
