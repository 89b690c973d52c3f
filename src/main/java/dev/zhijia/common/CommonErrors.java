package dev.zhijia.common;

/**
 * The problem codes any endpoint may answer with (the HTTP edge, authentication, paging, validation).
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class CommonErrors {

    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String BUSY = "BUSY";
    public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE";
    public static final String IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String INVALID_CURSOR = "INVALID_CURSOR";
    public static final String INVALID_PARAMETER = "INVALID_PARAMETER";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String REQUEST_ABORTED = "REQUEST_ABORTED";
    public static final String TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String URI_TOO_LONG = "URI_TOO_LONG";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    private CommonErrors() {}
}
