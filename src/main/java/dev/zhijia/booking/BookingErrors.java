package dev.zhijia.booking;

/**
 * The problem codes of bookings: services, slots, booking, moves, cancellations, counter verification.
 * Stable: clients branch on them, and README's error-code table lists them. The codes a booking shares
 * with a benefit claim (eligibility, the counter's CODE_*, WRONG_STATION) are benefit/BenefitErrors'.
 */
public final class BookingErrors {

    public static final String ALREADY_BOOKED = "ALREADY_BOOKED";
    public static final String BOOKING_BUSY = "BOOKING_BUSY";
    public static final String BOOKING_ENDED = "BOOKING_ENDED";
    public static final String BOOKING_NOT_FOUND = "BOOKING_NOT_FOUND";
    public static final String BOOKING_NOT_NOW = "BOOKING_NOT_NOW";
    public static final String BOOKING_NOT_OPEN = "BOOKING_NOT_OPEN";
    public static final String BOOKING_NOT_RECORDED = "BOOKING_NOT_RECORDED";
    public static final String BOOKING_SUSPENDED = "BOOKING_SUSPENDED";
    public static final String CANCEL_TOO_LATE = "CANCEL_TOO_LATE";
    public static final String SERVICE_NOT_FOUND = "SERVICE_NOT_FOUND";
    public static final String SLOT_FULL = "SLOT_FULL";
    public static final String SLOT_NOT_FOUND = "SLOT_NOT_FOUND";
    public static final String SLOT_PAST = "SLOT_PAST";

    private BookingErrors() {}
}
