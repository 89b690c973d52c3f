package dev.zhijia.helpdesk;

import jakarta.enterprise.context.RequestScoped;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;
import dev.zhijia.org.Scope;
import dev.zhijia.staff.StaffAccount;

/**
 * Who is asking about a case, resolved once per request: the owner-to-be (a member), a caseworker, an admin (with
 * their subtree), or anyone else (station staff), who may learn nothing about any case.
 */
@RequestScoped
public class CaseViewer {

    public enum Kind {
        MEMBER,
        CASEWORKER,
        ADMIN,
        NOBODY
    }

    /** What {@link Cases} needs of the caller: {@code subject} as stored in the timeline, {@code name} as shown. */
    public record Who(Kind kind, long id, String subject, String name, Scope scope) {

        boolean member() {
            return kind == Kind.MEMBER;
        }

        boolean caseworker() {
            return kind == Kind.CASEWORKER;
        }

        boolean admin() {
            return kind == Kind.ADMIN;
        }

        String role() {
            return kind.name().toLowerCase();
        }
    }

    static final Who SYSTEM = new Who(Kind.NOBODY, 0, "system", "系统", null);

    private final Caller caller;
    private final AdminScope scope;
    private Who who;

    CaseViewer(Caller caller, AdminScope scope) {
        this.caller = caller;
        this.scope = scope;
    }

    public Who get() {
        if (who == null) {
            who = resolve();
        }
        return who;
    }

    private Who resolve() {
        if (caller.isMember()) {
            long id = caller.memberId();
            return new Who(Kind.MEMBER, id, Caller.memberSubject(id), "求助人", null);
        }
        if (caller.isCaseworker()) {
            long id = caller.staffId();
            return new Who(Kind.CASEWORKER, id, Caller.staffSubject(id), displayName(id), null);
        }
        if (caller.isAdmin()) {
            long id = caller.staffId();
            return new Who(Kind.ADMIN, id, Caller.staffSubject(id), displayName(id), scope.get());
        }
        return new Who(Kind.NOBODY, 0, "", "", null);
    }

    private static String displayName(long staffId) {
        StaffAccount s = StaffAccount.findById(staffId);
        return s == null ? "" : s.displayName;
    }
}
