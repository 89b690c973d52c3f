package dev.zhijia.wechat;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.ProblemException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Exchanges a mini-program login code for the member's openid. The session_key in the reply is
 * never kept nor logged: Zhijia does not decrypt user data.
 */
@ApplicationScoped
public class WechatSessions {

    private static final Logger LOG = Logger.getLogger(WechatSessions.class);
    private static final Pattern MOCK_CODE = Pattern.compile("mock-([A-Za-z0-9_-]{1,48})");

    public record Identity(String openid, String unionid) {}

    private final WechatConfig config;
    private final WechatApi api;
    private final ObjectMapper json;

    WechatSessions(WechatConfig config, @RestClient WechatApi api, ObjectMapper json) {
        this.config = config;
        this.api = api;
        this.json = json;
    }

    public Identity exchange(String code) {
        return config.mode() == WechatConfig.Mode.MOCK ? mock(code) : real(code);
    }

    private Identity mock(String code) {
        var m = MOCK_CODE.matcher(code);
        if (!m.matches()) {
            throw invalidCode();
        }
        return new Identity("mock-openid-" + m.group(1), null);
    }

    private Identity real(String code) {
        String body;
        try {
            body = api.code2Session(config.appid().orElse(""), config.secret().orElse(""), code, "authorization_code");
        } catch (WebApplicationException | ProcessingException e) {
            LOG.warnf("code2Session failed: %s", e.getClass().getSimpleName());
            throw ProblemException.unavailable(
                    WechatErrors.WECHAT_UNAVAILABLE, "The chat platform is not answering; try again");
        }
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (Exception e) {
            LOG.warn("code2Session answered something that is not JSON");
            throw ProblemException.unavailable(
                    WechatErrors.WECHAT_UNAVAILABLE, "The chat platform answered unexpectedly");
        }
        int errcode = reply.path("errcode").asInt(0);
        if (errcode == 0 && reply.hasNonNull("openid")) {
            return new Identity(
                    reply.get("openid").asText(),
                    reply.hasNonNull("unionid") ? reply.get("unionid").asText() : null);
        }
        LOG.infof("code2Session refused: errcode %d", errcode);
        throw switch (errcode) {
            case 40029, 40163 -> invalidCode();
            case 45011 ->
                ProblemException.unavailable(
                        WechatErrors.WECHAT_RATE_LIMITED, "Too many logins right now; try again in a minute");
            case -1 -> ProblemException.unavailable(WechatErrors.WECHAT_BUSY, "The chat platform is busy; try again");
            case 40226 ->
                ProblemException.forbidden(WechatErrors.WECHAT_USER_BLOCKED, "The chat platform blocked this account");
            default ->
                ProblemException.unavailable(
                        WechatErrors.WECHAT_UNAVAILABLE,
                        "The chat platform refused the login (errcode " + errcode + ")");
        };
    }

    private static ProblemException invalidCode() {
        return ProblemException.unauthorized(
                WechatErrors.WECHAT_CODE_INVALID, "The login code is invalid or already used; log in again");
    }
}
