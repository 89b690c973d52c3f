package dev.zhijia.job;

/**
 * The problem codes of job posts, search and applications.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class JobErrors {

    public static final String ALREADY_APPLIED = "ALREADY_APPLIED";
    public static final String APPLICATION_NOT_FOUND = "APPLICATION_NOT_FOUND";
    public static final String APPLICATION_TRANSITION_INVALID = "APPLICATION_TRANSITION_INVALID";
    public static final String HEADCOUNT_FILLED = "HEADCOUNT_FILLED";
    public static final String JOB_CLOSED = "JOB_CLOSED";
    public static final String JOB_NOT_FOUND = "JOB_NOT_FOUND";

    private JobErrors() {}
}
