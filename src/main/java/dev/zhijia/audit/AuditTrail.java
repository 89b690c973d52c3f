package dev.zhijia.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import dev.zhijia.common.ShiftableClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every write by staff or an admin — who, what (method and route), target (path parameters), the
 * outcome, when, from which address — appended to {@code audit_log}. One filter instead of a line in
 * each endpoint, so a new write endpoint cannot forget it. Refused attempts are recorded too, and so are the reads
 * of endpoints marked {@link AuditedRead} (cases: every caseworker or admin read is on record).
 */
@Singleton
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> AUDITED_ROLES = Set.of("staff", "caseworker", "admin");
    private static final String RECORDED = "zhijia.audit.recorded";
    private static final String API_ROOT = "/api/v1";

    private final AgroalDataSource dataSource;
    private final ShiftableClock clock;

    AuditTrail(AgroalDataSource dataSource, ShiftableClock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * A write refused before any resource took it (no such route, wrong media type, a method not allowed):
     * no response filter sees those, so the router's end of the exchange records them.
     */
    void install(@Observes Router router) {
        router.route().order(-1100).handler(ctx -> {
            if (WRITES.contains(ctx.request().method().name())) {
                ctx.addEndHandler(done -> {
                    if (ctx.get(RECORDED) == null) {
                        recordUnrouted(ctx);
                    }
                });
            }
            ctx.next();
        });
    }

    private void recordUnrouted(RoutingContext ctx) {
        String path = ctx.normalizedPath().startsWith(API_ROOT)
                ? ctx.normalizedPath().substring(API_ROOT.length())
                : ctx.normalizedPath();
        String action = ctx.request().method().name() + " " + path;
        int status = ctx.response().getStatusCode();
        String ip = ctx.request().remoteAddress() == null
                ? ""
                : ctx.request().remoteAddress().hostAddress();
        // authentication is lazy (not proactive): a request refused before any resource never resolved its token
        QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .subscribe()
                .with(
                        identity -> {
                            String role = identity == null || identity.isAnonymous()
                                    ? null
                                    : AUDITED_ROLES.stream()
                                            .filter(identity::hasRole)
                                            .sorted()
                                            .findFirst()
                                            .orElse(null);
                            if (role != null) {
                                String actor = identity.getPrincipal().getName();
                                // the exchange is over and nothing was changed: written off the event loop, after the
                                // answer
                                Infrastructure.getDefaultWorkerPool()
                                        .execute(() -> write(actor, role, action, "", status, ip));
                            }
                        },
                        failure -> {
                            // a bad or expired token: not staff or admin as far as anyone can tell
                        });
    }

    @ServerResponseFilter
    public void record(
            ContainerRequestContext request,
            ContainerResponseContext response,
            SimpleResourceInfo resource,
            UriInfo uri,
            HttpServerRequest http,
            RoutingContext ctx) {
        SecurityContext security = request.getSecurityContext();
        boolean audited = WRITES.contains(request.getMethod()) || auditedRead(resource);
        if (!audited || security == null || security.getUserPrincipal() == null) {
            return; // left to the end of the exchange, which resolves the caller when nothing else did
        }
        ctx.put(RECORDED, Boolean.TRUE);
        String role = AUDITED_ROLES.stream()
                .filter(security::isUserInRole)
                .sorted()
                .findFirst()
                .orElse(null);
        if (role == null) {
            return;
        }
        String template = resource == null ? uri.getPath() : routeOf(resource);
        String target = uri.getPathParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                .sorted()
                .collect(Collectors.joining(" "));
        write(
                security.getUserPrincipal().getName(),
                role,
                request.getMethod() + " " + template,
                target,
                response.getStatus(),
                http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress());
    }

    /**
     * A refused staff login ({@code POST /auth/login} answered 401 or 429): nobody is signed in, so the actor is
     * the username typed, and the target says why it was refused.
     */
    public void failedLogin(String username, int status, String code, String ip) {
        write(username, "anonymous", "POST /auth/login", "code=" + code, status, ip);
    }

    private static boolean auditedRead(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return false; // no resource matched (a 404 before any resource): nothing was read
        }
        if (resource.getResourceClass().isAnnotationPresent(AuditedRead.class)) {
            return true;
        }
        try {
            return resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes())
                    .isAnnotationPresent(AuditedRead.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String routeOf(SimpleResourceInfo resource) {
        jakarta.ws.rs.Path type = resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class);
        jakarta.ws.rs.Path method = null;
        try {
            method = resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(jakarta.ws.rs.Path.class);
        } catch (NoSuchMethodException e) {
            // fall back to the class path
        }
        String path = (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
        return path.replaceAll("/+", "/");
    }

    private void write(String actor, String role, String action, String target, int status, String ip) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_log (actor, actor_role, action, target, status, ip, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, actor.length() > 64 ? actor.substring(0, 64) : actor);
            ps.setString(2, role);
            ps.setString(3, action.length() > 120 ? action.substring(0, 120) : action);
            ps.setString(4, target.length() > 200 ? target.substring(0, 200) : target);
            ps.setInt(5, status);
            ps.setString(6, ip);
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf("audit entry lost: %s %s by %s (%s)", action, target, actor, e.getMessage());
        }
    }
}
