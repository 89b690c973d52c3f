package dev.zhijia.helpdesk;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.notify.Notices;

/**
 * Tells the case's member what happened to it — every transition, assignment and caseworker reply — as an inbox
 * entry (kind {@code CASE}, refId the case) in the same transaction and a live {@code case} event after the commit,
 * both through {@link Notices}: a move that rolls back tells nobody. The member's own messages reach their other
 * devices live only (no inbox entry about what they wrote themselves).
 */
@ApplicationScoped
public class CaseNotices {

    static final String INBOX_KIND = "CASE";
    static final String LIVE_TYPE = "case";

    private final Notices notices;

    CaseNotices(Notices notices) {
        this.notices = notices;
    }

    /** Called inside the change's transaction. */
    void tell(HelpCase c, String action, String note, boolean inbox) {
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
}
