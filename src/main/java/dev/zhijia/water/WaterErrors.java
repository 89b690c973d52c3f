package dev.zhijia.water;

/**
 * The problem codes of water pickups (the counter's CODE_INVALID / CODE_EXPIRED / CODE_ALREADY_USED are
 * benefit/BenefitErrors', shared by every code the counter takes). Stable: clients branch on them, and README's
 * error-code table lists them.
 */
public final class WaterErrors {

    public static final String CODE_SPACE_BUSY = "CODE_SPACE_BUSY";
    public static final String DAILY_QUOTA_REACHED = "DAILY_QUOTA_REACHED";
    public static final String STATION_CLOSED = "STATION_CLOSED";
    public static final String STATION_OUT_OF_STOCK = "STATION_OUT_OF_STOCK";

    private WaterErrors() {}
}
