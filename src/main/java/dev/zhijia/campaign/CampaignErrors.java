package dev.zhijia.campaign;

/**
 * The problem codes of campaigns, sign-ups and votes.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class CampaignErrors {

    public static final String ALREADY_SIGNED_UP = "ALREADY_SIGNED_UP";
    public static final String ALREADY_VOTED = "ALREADY_VOTED";
    public static final String CAMPAIGN_ALREADY_PUBLISHED = "CAMPAIGN_ALREADY_PUBLISHED";
    public static final String CAMPAIGN_DEADLINE_PASSED = "CAMPAIGN_DEADLINE_PASSED";
    public static final String CAMPAIGN_NOT_FOUND = "CAMPAIGN_NOT_FOUND";
    public static final String EVENT_STARTED = "EVENT_STARTED";
    public static final String NOT_AN_EVENT = "NOT_AN_EVENT";
    public static final String NOT_A_VOTE = "NOT_A_VOTE";
    public static final String NOT_IN_AUDIENCE = "NOT_IN_AUDIENCE";
    public static final String SIGNUP_CLOSED = "SIGNUP_CLOSED";
    public static final String SIGNUP_NOT_FOUND = "SIGNUP_NOT_FOUND";
    public static final String VOTE_CLOSED = "VOTE_CLOSED";

    private CampaignErrors() {}
}
