package dev.zhijia.benefit;

/**
 * The problem codes of benefits: flash claims, lottery entries, redemption.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class BenefitErrors {

    public static final String ALREADY_CLAIMED = "ALREADY_CLAIMED";
    public static final String ALREADY_ENTERED = "ALREADY_ENTERED";
    public static final String ALREADY_REDEEMED = "ALREADY_REDEEMED";
    public static final String BENEFIT_ALREADY_OPEN = "BENEFIT_ALREADY_OPEN";
    public static final String BENEFIT_BUSY = "BENEFIT_BUSY";
    public static final String BENEFIT_CLOSED = "BENEFIT_CLOSED";
    public static final String BENEFIT_IS_FIRST_COME = "BENEFIT_IS_FIRST_COME";
    public static final String BENEFIT_IS_LOTTERY = "BENEFIT_IS_LOTTERY";
    public static final String BENEFIT_NOT_FOUND = "BENEFIT_NOT_FOUND";
    public static final String BENEFIT_NOT_OPEN = "BENEFIT_NOT_OPEN";
    public static final String BENEFIT_SOLD_OUT = "BENEFIT_SOLD_OUT";
    public static final String CLAIM_NOT_FOUND = "CLAIM_NOT_FOUND";
    public static final String CLAIM_NOT_RECORDED = "CLAIM_NOT_RECORDED";
    public static final String CODE_ALREADY_USED = "CODE_ALREADY_USED";
    public static final String CODE_EXPIRED = "CODE_EXPIRED";
    public static final String CODE_INVALID = "CODE_INVALID";
    public static final String DRAW_PENDING = "DRAW_PENDING";
    public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
    public static final String NO_DRAW = "NO_DRAW";
    public static final String WRONG_STATION = "WRONG_STATION";

    private BenefitErrors() {}
}
