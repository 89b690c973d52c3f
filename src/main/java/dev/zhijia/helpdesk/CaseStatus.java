package dev.zhijia.helpdesk;

import java.util.EnumSet;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * SUBMITTED → ACCEPTED → IN_PROGRESS → RESOLVED | REJECTED → CLOSED; WITHDRAWN from any state before RESOLVED.
 * ACCEPTED is reached only by an admin's assignment; {@link #from()} lists the states each one may follow.
 */
@RegisterForReflection
public enum CaseStatus {
    SUBMITTED("已提交"),
    ACCEPTED("已受理"),
    IN_PROGRESS("处理中"),
    RESOLVED("已解决"),
    REJECTED("不予受理"),
    WITHDRAWN("已撤回"),
    CLOSED("已结案");

    public final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    /** The states a move to this one may start from. */
    Set<CaseStatus> from() {
        return switch (this) {
            case SUBMITTED -> EnumSet.noneOf(CaseStatus.class);
            case ACCEPTED -> EnumSet.of(SUBMITTED);
            case IN_PROGRESS -> EnumSet.of(ACCEPTED);
            case RESOLVED -> EnumSet.of(IN_PROGRESS);
            case REJECTED -> EnumSet.of(SUBMITTED, ACCEPTED, IN_PROGRESS);
            case WITHDRAWN -> EnumSet.of(SUBMITTED, ACCEPTED, IN_PROGRESS);
            case CLOSED -> EnumSet.of(RESOLVED, REJECTED);
        };
    }

    /** No more moves, messages or uploads. */
    boolean finished() {
        return this == WITHDRAWN || this == CLOSED;
    }

    /** Whether the case's owner may move it here (the rest is for the caseworker and admins). */
    boolean byOwner() {
        return this == WITHDRAWN || this == CLOSED;
    }

    /** Whether the assigned caseworker or an admin may move it here ({@code POST /cases/{id}/transitions}). */
    boolean byStaff() {
        return this == IN_PROGRESS || this == RESOLVED || this == REJECTED || this == CLOSED;
    }
}
