package dev.zhijia.common;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A failure the client can act on: an HTTP status and a stable machine {@code code}, rendered as
 * RFC 9457 problem JSON. Services throw it; {@link ProblemMappers} renders it.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, detail);
    }

    /** A 400 VALIDATION_FAILED for a rule Bean Validation cannot express (fields that depend on each other). */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, CommonErrors.VALIDATION_FAILED, "The request has invalid fields")
                .with("violations", java.util.List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(401, code, detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, detail);
    }

    public static ProblemException tooManyRequests(String code, String detail) {
        return new ProblemException(429, code, detail);
    }

    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(503, code, detail);
    }

    /** Adds a member to the problem body, e.g. the existing {@code claimId} of a duplicate claim. */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** {@code BENEFIT_SOLD_OUT} → {@code Benefit sold out}. */
    static String titleOf(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String typeOf(String code) {
        return "https://zhijia.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
