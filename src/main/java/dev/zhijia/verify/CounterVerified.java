package dev.zhijia.verify;

/** A member's code was verified at a counter (fired inside the transaction, observed after it commits). */
public record CounterVerified(long memberId, Verifications.Result result) {}
