package dev.zhijia.job;

import java.util.EnumSet;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An application's pipeline: APPLIED → VIEWED → INTERVIEW → HIRED, REJECTED from any open step, and the
 * member may withdraw until a decision. Admins may skip VIEWED; nothing leaves HIRED, REJECTED or WITHDRAWN.
 */
@RegisterForReflection
public enum ApplicationStatus {
    APPLIED("已投递"),
    VIEWED("已查看"),
    INTERVIEW("邀请面试"),
    HIRED("已录用"),
    REJECTED("未通过"),
    WITHDRAWN("已撤回");

    /** What the member reads in the inbox and the client. */
    public final String label;

    ApplicationStatus(String label) {
        this.label = label;
    }

    /** The steps this one may be reached from. */
    Set<ApplicationStatus> from() {
        return switch (this) {
            case APPLIED -> EnumSet.noneOf(ApplicationStatus.class);
            case VIEWED -> EnumSet.of(APPLIED);
            case INTERVIEW -> EnumSet.of(APPLIED, VIEWED);
            case HIRED -> EnumSet.of(INTERVIEW);
            case REJECTED, WITHDRAWN -> EnumSet.of(APPLIED, VIEWED, INTERVIEW);
        };
    }

    /** The steps an admin sets (APPLIED is where every application starts; WITHDRAWN is the member's). */
    boolean byAdmin() {
        return this == VIEWED || this == INTERVIEW || this == HIRED || this == REJECTED;
    }
}
