package dev.zhijia.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.zhijia.common.ShiftableClock;
import io.agroal.api.AgroalDataSource;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every write by staff or an admin — who, what (method and route), target (path parameters), the
 * outcome, when, from which address — appended to {@code audit_log}. One filter instead of a line in
 * each endpoint, so a new write endpoint cannot forget it. Refused attempts are recorded too.
 */
@Singleton
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> AUDITED_ROLES = Set.of("staff", "admin");

    private final AgroalDataSource dataSource;
    private final ShiftableClock clock;

    AuditTrail(AgroalDataSource dataSource, ShiftableClock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource, UriInfo uri,
            HttpServerRequest http) {
        SecurityContext security = request.getSecurityContext();
        if (!WRITES.contains(request.getMethod()) || security == null || security.getUserPrincipal() == null) {
            return;
        }
        String role = AUDITED_ROLES.stream().filter(security::isUserInRole).sorted().findFirst().orElse(null);
        if (role == null) {
            return;
        }
        String template = resource == null ? uri.getPath() : routeOf(resource);
        String target = uri.getPathParameters().entrySet().stream().map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                .sorted().collect(Collectors.joining(" "));
        write(security.getUserPrincipal().getName(), role, request.getMethod() + " " + template, target, response.getStatus(),
                http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress());
    }

    private static String routeOf(SimpleResourceInfo resource) {
        jakarta.ws.rs.Path type = resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class);
        jakarta.ws.rs.Path method = null;
        try {
            method = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(jakarta.ws.rs.Path.class);
        } catch (NoSuchMethodException e) {
            // fall back to the class path
        }
        String path = (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
        return path.replaceAll("/+", "/");
    }

    private void write(String actor, String role, String action, String target, int status, String ip) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (actor, actor_role, action, target, status, ip, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, actor);
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
