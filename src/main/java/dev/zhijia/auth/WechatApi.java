package dev.zhijia.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The chat platform's HTTP API. Replies are read as text: code2Session answers JSON labelled
 * {@code text/plain}, and errors come back as HTTP 200 with an {@code errcode}.
 */
@RegisterRestClient(configKey = "wechat")
@Path("/sns")
public interface WechatApi {

    @GET
    @Path("/jscode2session")
    @Produces(MediaType.WILDCARD)
    String code2Session(@QueryParam("appid") String appid, @QueryParam("secret") String secret,
            @QueryParam("js_code") String code, @QueryParam("grant_type") String grantType);
}
