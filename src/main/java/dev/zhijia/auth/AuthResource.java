package dev.zhijia.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.audit.AuditTrail;
import dev.zhijia.common.ProblemException;
import dev.zhijia.member.Member;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/auth")
public class AuthResource {

    @RegisterForReflection
    public record WechatLoginRequest(
            @NotBlank @Size(max = 128) String code) {}

    @RegisterForReflection
    public record PasswordLoginRequest(
            @NotBlank @Size(max = 64) String username,
            @NotNull @Size(min = 1, max = 128) String password) {}

    @RegisterForReflection
    public record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {}

    @RegisterForReflection
    public record MemberSummary(long id, boolean verified, String nickname) {}

    @RegisterForReflection
    public record MemberLoginResponse(String accessToken, String refreshToken, long expiresIn, MemberSummary member) {}

    @RegisterForReflection
    public record TokenResponse(String accessToken, String refreshToken, long expiresIn, String role) {}

    private final AuthService auth;
    private final AuditTrail audit;

    AuthResource(AuthService auth, AuditTrail audit) {
        this.auth = auth;
        this.audit = audit;
    }

    @POST
    @Path("/wechat/login")
    public MemberLoginResponse wechatLogin(@Valid @NotNull WechatLoginRequest request) {
        AuthService.MemberLogin login = auth.wechatLogin(request.code());
        Member m = login.member();
        return new MemberLoginResponse(
                login.tokens().accessToken(),
                login.tokens().refreshToken(),
                login.tokens().expiresIn(),
                new MemberSummary(m.id, m.verified(), m.nickname));
    }

    @POST
    @Path("/login")
    public TokenResponse login(@Valid @NotNull PasswordLoginRequest request, @Context HttpServerRequest http) {
        // behind trusted proxies this is the client's address from X-Forwarded-For (quarkus.http.proxy.*)
        String address = http.remoteAddress().hostAddress();
        try {
            return tokenResponse(auth.passwordLogin(request.username(), request.password(), address));
        } catch (ProblemException refused) {
            audit.failedLogin(request.username(), refused.status(), refused.code(), address);
            throw refused;
        }
    }

    @POST
    @Path("/refresh")
    public TokenResponse refresh(@Valid @NotNull RefreshRequest request) {
        return tokenResponse(auth.refresh(request.refreshToken()));
    }

    @POST
    @Path("/logout")
    public Response logout(@Valid @NotNull RefreshRequest request) {
        auth.logout(request.refreshToken());
        return Response.noContent().build();
    }

    private static TokenResponse tokenResponse(AuthService.Session login) {
        return new TokenResponse(
                login.tokens().accessToken(),
                login.tokens().refreshToken(),
                login.tokens().expiresIn(),
                login.role());
    }
}
