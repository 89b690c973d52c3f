package dev.zhijia.auth;

/**
 * The problem codes of logging in and refreshing (the plain 401/403 ones are common/CommonErrors').
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class AuthErrors {

    public static final String INVALID_CREDENTIALS = "INVALID_CREDENTIALS";
    public static final String REFRESH_TOKEN_INVALID = "REFRESH_TOKEN_INVALID";
    public static final String REFRESH_TOKEN_REUSED = "REFRESH_TOKEN_REUSED";

    private AuthErrors() {}
}
