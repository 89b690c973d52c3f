package dev.zhijia.common;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the REST layer as problem JSON with a stable code; nothing a client sends yields a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response respond(Problem problem) {
        Response.ResponseBuilder builder =
                Response.status(problem.status).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    static Response respond(int status, String code, String detail) {
        return respond(new Problem(status, code, detail, null));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(Problem.of(e));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return respond(Problem.validation(violations));
    }

    /**
     * Malformed JSON, wrong types and unknown enum constants. The subtypes are named so that this
     * mapper, not Quarkus's built-in ones for them, answers.
     */
    @ServerExceptionMapper({
        JsonProcessingException.class,
        JsonMappingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class,
        JsonParseException.class
    })
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()
                && !(e instanceof UnrecognizedPropertyException)) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message = e instanceof InvalidFormatException format
                            && format.getTargetType().isEnum()
                    ? "must be one of " + List.of(format.getTargetType().getEnumConstants())
                    : "has the wrong type or format";
            return respond(Problem.validation(List.of(new Problem.Violation(field, message))));
        }
        return respond(400, CommonErrors.MALFORMED_JSON, "The request body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return respond(401, CommonErrors.UNAUTHENTICATED, "A valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        return respond(401, CommonErrors.UNAUTHENTICATED, "The bearer token is missing, invalid or expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, CommonErrors.FORBIDDEN, "Your role does not allow this");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // a query or path parameter that does not convert (?limit=abc, ?status=BOGUS)
            return respond(400, CommonErrors.INVALID_PARAMETER, "A parameter has the wrong type or an unknown value");
        }
        if (e instanceof NotFoundException) {
            return respond(404, CommonErrors.NOT_FOUND, "No such resource");
        }
        if (e instanceof NotAllowedException) {
            Response problem = respond(405, CommonErrors.METHOD_NOT_ALLOWED, "This method is not allowed here");
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null
                    ? problem
                    : Response.fromResponse(problem)
                            .header(HttpHeaders.ALLOW, allow)
                            .build();
        }
        if (e instanceof NotSupportedException) {
            return respond(415, CommonErrors.UNSUPPORTED_MEDIA_TYPE, "This content type is not accepted here");
        }
        if (e instanceof NotAcceptableException) {
            return respond(406, CommonErrors.NOT_ACCEPTABLE, "No acceptable representation");
        }
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return respond(413, CommonErrors.PAYLOAD_TOO_LARGE, "The request body is too large");
        }
        if (status >= 500) {
            return unexpected(e);
        }
        return respond(status, status == 400 ? CommonErrors.BAD_REQUEST : "HTTP_" + status, e.getMessage());
    }

    @ServerExceptionMapper({JDBCConnectionException.class, SQLTransientConnectionException.class})
    public Response databaseDown(Exception e) {
        LOG.warnf("database unavailable: %s", e.getMessage());
        return respond(503, CommonErrors.DATABASE_UNAVAILABLE, "The database is not answering; try again shortly");
    }

    /** Redis's pool is exhausted, or a Redis call outlived quarkus.redis.timeout (a loaded or restarting Redis). */
    @ServerExceptionMapper({ConnectionPoolTooBusyException.class, io.smallrye.mutiny.TimeoutException.class})
    public Response redisBusy(Exception e) {
        LOG.warnf("redis pool exhausted or too slow: %s", e.getMessage());
        return respond(503, CommonErrors.BUSY, "The service is busy; try again shortly");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (clientWentAway(e)) {
            // the client closed the connection while its body was read: nobody receives an answer
            LOG.infof("request aborted by the client: %s", e.getMessage());
            return respond(400, CommonErrors.REQUEST_ABORTED, "The connection was closed before the request was read");
        }
        if (DatabaseOutage.is(e)) {
            // a hang cut short by a timeout, or an outage the transaction manager or the ORM wrapped
            LOG.warnf("database unavailable: %s", e.getMessage());
            return respond(503, CommonErrors.DATABASE_UNAVAILABLE, "The database is not answering; try again shortly");
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", id);
        return respond(new Problem(500, CommonErrors.INTERNAL_ERROR, "Unexpected error (reference " + id + ")", null));
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** {@code create.body.name} → {@code name}; a query parameter keeps its own name. */
    private static String fieldOf(ConstraintViolation<?> v) {
        List<Path.Node> nodes =
                StreamSupport.stream(v.getPropertyPath().spliterator(), false).toList();
        int start = 0;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                start = i + 1;
            } else if (kind == ElementKind.PARAMETER) {
                start = i + 1 < nodes.size() ? i + 1 : i;
                break;
            }
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node n : nodes.subList(start, nodes.size())) {
            String name = n.getName() == null || n.getName().startsWith("<") ? "" : n.getName();
            if (!name.isEmpty()) {
                field.append(field.length() == 0 ? "" : ".").append(name);
            }
            if (n.getIndex() != null) {
                field.append('[').append(n.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
