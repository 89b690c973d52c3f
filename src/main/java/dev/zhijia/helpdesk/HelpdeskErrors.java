package dev.zhijia.helpdesk;

/**
 * The problem codes of the help desk. Stable: clients branch on them, and README's error-code table lists them.
 */
public final class HelpdeskErrors {

    public static final String ALREADY_RATED = "ALREADY_RATED";
    public static final String ATTACHMENT_NOT_FOUND = "ATTACHMENT_NOT_FOUND";
    public static final String ATTACHMENT_TOO_LARGE = "ATTACHMENT_TOO_LARGE";
    public static final String ATTACHMENT_TYPE_INVALID = "ATTACHMENT_TYPE_INVALID";
    public static final String CASE_CLOSED = "CASE_CLOSED";
    public static final String CASE_NOT_FOUND = "CASE_NOT_FOUND";
    public static final String CASE_NOT_RATABLE = "CASE_NOT_RATABLE";
    public static final String CASE_TRANSITION_FORBIDDEN = "CASE_TRANSITION_FORBIDDEN";
    public static final String CASE_TRANSITION_INVALID = "CASE_TRANSITION_INVALID";
    public static final String CASEWORKER_NOT_FOUND = "CASEWORKER_NOT_FOUND";

    private HelpdeskErrors() {}
}
