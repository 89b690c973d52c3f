package dev.zhijia.common;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified JWT. Subjects are {@code member:<id>} or {@code staff:<id>}
 * (admins are staff accounts with the admin role), so an id can never be read as the other kind.
 */
@RequestScoped
public class Caller {

    public static final String MEMBER = "member";
    public static final String STAFF = "staff";
    public static final String ADMIN = "admin";
    /** A console account that handles help-desk cases (granted by an admin; station staff are not caseworkers). */
    public static final String CASEWORKER = "caseworker";

    private final JsonWebToken jwt;

    Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public static String memberSubject(long id) {
        return MEMBER + ":" + id;
    }

    public static String staffSubject(long id) {
        return STAFF + ":" + id;
    }

    public long memberId() {
        return idWithPrefix(MEMBER);
    }

    /** The staff account id of a staff member or an admin. */
    public long staffId() {
        return idWithPrefix(STAFF);
    }

    public boolean isAdmin() {
        return jwt.getGroups() != null && jwt.getGroups().contains(ADMIN);
    }

    public boolean isCaseworker() {
        return jwt.getGroups() != null && jwt.getGroups().contains(CASEWORKER);
    }

    public boolean isStaffOrAdmin() {
        return jwt.getGroups() != null
                && (jwt.getGroups().contains(STAFF) || jwt.getGroups().contains(ADMIN));
    }

    public boolean isMember() {
        return jwt.getSubject() != null && jwt.getSubject().startsWith(MEMBER + ":");
    }

    private long idWithPrefix(String prefix) {
        String subject = jwt.getSubject();
        if (subject == null || !subject.startsWith(prefix + ":")) {
            throw ProblemException.forbidden(CommonErrors.FORBIDDEN, "This endpoint is for " + prefix + " accounts");
        }
        return Long.parseLong(subject.substring(prefix.length() + 1));
    }
}
