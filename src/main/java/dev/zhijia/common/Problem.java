package dev.zhijia.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The RFC 9457 body. Extension members (violations, claimId, ...) are flattened into it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    public final String type;
    public final String title;
    public final int status;
    public final String code;
    public final String detail;
    private final Map<String, Object> extensions;

    public Problem(int status, String code, String detail, Map<String, Object> extensions) {
        this.type = ProblemException.typeOf(code);
        this.title = ProblemException.titleOf(code);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.extensions = extensions == null ? Map.of() : extensions;
    }

    public static Problem of(ProblemException e) {
        return new Problem(e.status(), e.code(), e.getMessage(), e.extensions());
    }

    public static Problem validation(List<Violation> violations) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("violations", violations);
        return new Problem(400, CommonErrors.VALIDATION_FAILED, "The request has invalid fields", ext);
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    @RegisterForReflection
    public record Violation(String field, String message) {}
}
