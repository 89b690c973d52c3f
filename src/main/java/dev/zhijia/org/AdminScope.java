package dev.zhijia.org;

import jakarta.enterprise.context.RequestScoped;

import dev.zhijia.common.Caller;

/** The calling admin's {@link Scope}, read from their account once per request (so a moved account is moved at once). */
@RequestScoped
public class AdminScope {

    private final Caller caller;
    private final Orgs orgs;
    private Scope scope;

    AdminScope(Caller caller, Orgs orgs) {
        this.caller = caller;
        this.orgs = orgs;
    }

    public Scope get() {
        if (scope == null) {
            scope = orgs.scopeOf(orgs.orgOfStaff(caller.staffId()));
        }
        return scope;
    }
}
