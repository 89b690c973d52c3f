package dev.zhijia.member;

/**
 * The problem codes of members: verification, join applications, roster import.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class MemberErrors {

    public static final String ALREADY_VERIFIED = "ALREADY_VERIFIED";
    public static final String APPLICATION_NOT_FOUND = "APPLICATION_NOT_FOUND";
    public static final String APPLICATION_NOT_PENDING = "APPLICATION_NOT_PENDING";
    public static final String APPLICATION_PENDING = "APPLICATION_PENDING";
    public static final String CARD_ALREADY_BOUND = "CARD_ALREADY_BOUND";
    public static final String CARD_NO_TAKEN = "CARD_NO_TAKEN";
    public static final String NOT_VERIFIED = "NOT_VERIFIED";
    public static final String ROSTER_HEADER_INVALID = "ROSTER_HEADER_INVALID";
    public static final String ROSTER_NO_MATCH = "ROSTER_NO_MATCH";
    public static final String ROSTER_UNREADABLE = "ROSTER_UNREADABLE";

    private MemberErrors() {}
}
