package dev.zhijia.helpdesk;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.notify.Notices;

/**
 * Tells the people of a case what happened to it, all through {@link Notices} (live events only after the commit:
 * a move that rolls back tells nobody):
 * <ul>
 * <li>the member — every transition, assignment and caseworker reply — as an inbox entry (kind {@code CASE}, refId
 * the case) in the same transaction and a live {@code case} event; the member's own messages reach their other
 * devices live only (no inbox entry about what they wrote themselves);</li>
 * <li>the assigned caseworker, on {@code /console/live}, a {@code case} event for everything on the timeline (the
 * case given to them, the member's messages, transitions, the rating), and {@code UNASSIGNED} when an admin hands
 * the case to someone else;</li>
 * <li>the admins over the case's org, a {@code case} event when a case is filed and when it becomes overdue.</li>
 * </ul>
 * Console events say which case and what happened, never what was written: the caseworker reads the case (an
 * audited read) to see it.
 */
@ApplicationScoped
public class CaseNotices {

    static final String INBOX_KIND = "CASE";
    static final String LIVE_TYPE = "case";
    /** The action of the console event a caseworker gets when their case is given to another. */
    static final String UNASSIGNED = "UNASSIGNED";
    /** The action of the console event admins get when a SUBMITTED case passes the overdue limit. */
    static final String OVERDUE = "OVERDUE";

    private final Notices notices;

    CaseNotices(Notices notices) {
        this.notices = notices;
    }

    /** Called inside the change's transaction: the member, and the case's caseworker (if any). */
    void tell(HelpCase c, String action, String note, boolean inbox) {
        toCaseworker(c, action);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("caseId", c.id);
        payload.put("number", c.number);
        payload.put("status", c.status.name());
        payload.put("action", action);
        payload.put("note", note);
        Notices.Live live = new Notices.Live(LIVE_TYPE, payload);
        if (!inbox) {
            notices.tell(c.memberId, live);
            return;
        }
        String title = switch (action) {
            case Cases.MESSAGE -> "求助回复：" + c.number;
            case Cases.ASSIGNED -> "求助已分派：" + c.number;
            default -> "求助进度：" + c.status.label;
        };
        String body = "您的求助「" + c.title + "」（" + c.number + "）"
                + (Cases.MESSAGE.equals(action) ? "有新回复" : c.status.label)
                + (note == null ? "" : "：" + note);
        notices.tell(c.memberId, new Notices.Message(INBOX_KIND, title, body, c.id), live);
    }

    /** The case's current caseworker (none before assignment) hears of {@code action} live. */
    void toCaseworker(HelpCase c, String action) {
        if (c.caseworkerId != null) {
            notices.tellStaff(c.caseworkerId, console(c, action));
        }
    }

    /** An admin gave the case to another caseworker: the previous one loses sight of it. */
    void unassigned(HelpCase c, long previousCaseworkerId) {
        notices.tellStaff(previousCaseworkerId, console(c, UNASSIGNED));
    }

    /** A new case, or one that just became overdue: for the admins whose subtree holds its org. */
    void toAdmins(HelpCase c, String action) {
        notices.tellAdmins(c.orgId, console(c, action));
    }

    private static Notices.Live console(HelpCase c, String action) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("caseId", c.id);
        payload.put("number", c.number);
        payload.put("status", c.status.name());
        payload.put("category", c.category.name());
        payload.put("orgId", c.orgId);
        payload.put("action", action);
        return new Notices.Live(LIVE_TYPE, payload);
    }
}
