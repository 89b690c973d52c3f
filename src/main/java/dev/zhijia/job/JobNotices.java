package dev.zhijia.job;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.notify.Notices;

/**
 * Tells the applicant that their application moved: an inbox entry (kind {@code JOB_APPLICATION}, refId the
 * application) in the same transaction as the move, and a live {@code job-application} event after the
 * commit — both through {@link Notices}, so a move that rolls back tells nobody.
 */
@ApplicationScoped
public class JobNotices {

    static final String INBOX_KIND = "JOB_APPLICATION";
    static final String LIVE_TYPE = "job-application";

    /** One move of one application, as the applicant hears of it. */
    record Moved(long memberId, long applicationId, long jobId, String title, ApplicationStatus status, String note) {}

    private final Notices notices;

    JobNotices(Notices notices) {
        this.notices = notices;
    }

    /** Called inside the move's transaction. */
    void tell(Moved m) {
        String body = "您投递的「" + m.title() + "」" + m.status().label + (m.note() == null ? "" : "：" + m.note());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("applicationId", m.applicationId());
        payload.put("jobId", m.jobId());
        payload.put("title", m.title());
        payload.put("status", m.status().name());
        payload.put("note", m.note());
        notices.tell(
                m.memberId(),
                new Notices.Message(INBOX_KIND, "求职进度：" + m.status().label, body, m.applicationId()),
                new Notices.Live(LIVE_TYPE, payload));
    }
}
