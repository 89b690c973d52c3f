package dev.zhijia.staff;

/** The problem codes of console accounts. Stable: clients branch on them, and README's error-code table lists them. */
public final class StaffErrors {

    public static final String NOT_YOUR_STATION = "NOT_YOUR_STATION";
    public static final String OWN_ACCOUNT = "OWN_ACCOUNT";
    public static final String STAFF_NOT_FOUND = "STAFF_NOT_FOUND";
    public static final String USERNAME_TAKEN = "USERNAME_TAKEN";

    private StaffErrors() {}
}
