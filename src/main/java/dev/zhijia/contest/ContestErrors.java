package dev.zhijia.contest;

/**
 * The problem codes of contests, attempts, the leaderboard and prizes.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class ContestErrors {

    public static final String ATTEMPT_ALREADY_ANSWERED = "ATTEMPT_ALREADY_ANSWERED";
    public static final String ATTEMPT_EXPIRED = "ATTEMPT_EXPIRED";
    public static final String ATTEMPT_NOT_FOUND = "ATTEMPT_NOT_FOUND";
    public static final String CONTEST_ALREADY_OPEN = "CONTEST_ALREADY_OPEN";
    public static final String CONTEST_CLOSED = "CONTEST_CLOSED";
    public static final String CONTEST_NOT_FOUND = "CONTEST_NOT_FOUND";
    public static final String CONTEST_NOT_OPEN = "CONTEST_NOT_OPEN";
    public static final String NO_ATTEMPTS_LEFT = "NO_ATTEMPTS_LEFT";
    public static final String NO_QUESTIONS = "NO_QUESTIONS";
    public static final String NOT_IN_AUDIENCE = "NOT_IN_AUDIENCE";

    private ContestErrors() {}
}
