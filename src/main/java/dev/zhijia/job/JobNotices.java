package dev.zhijia.job;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import dev.zhijia.campaign.Inbox;
import dev.zhijia.campaign.LiveEvents;

/**
 * Tells the applicant that their application moved: an inbox entry (kind {@code JOB_APPLICATION}, refId the
 * application) in the same transaction as the move, and a live {@code job-application} event after the
 * commit. The one place jobs reach the inbox and live push.
 */
@ApplicationScoped
public class JobNotices {

    private static final Logger LOG = Logger.getLogger(JobNotices.class);
    static final String INBOX_KIND = "JOB_APPLICATION";
    static final String LIVE_TYPE = "job-application";

    /** Fired inside the transaction; the live event goes out only if it commits. */
    record Moved(long memberId, long applicationId, long jobId, String title, ApplicationStatus status, String note) {
    }

    private final Inbox inbox;
    private final LiveEvents live;
    private final Event<Moved> moved;

    JobNotices(Inbox inbox, LiveEvents live, Event<Moved> moved) {
        this.inbox = inbox;
        this.live = live;
        this.moved = moved;
    }

    void tell(Moved m) {
        String body = "您投递的「" + m.title() + "」" + m.status().label + (m.note() == null ? "" : "：" + m.note());
        inbox.deliver(m.memberId(), INBOX_KIND, "求职进度：" + m.status().label, body, m.applicationId());
        moved.fire(m);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Moved m) {
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("applicationId", m.applicationId());
            payload.put("jobId", m.jobId());
            payload.put("title", m.title());
            payload.put("status", m.status().name());
            payload.put("note", m.note());
            live.toMember(m.memberId(), LIVE_TYPE, payload);
        } catch (RuntimeException e) {
            // the inbox entry is committed; the phone sees it on its next look
            LOG.warnf("live notice of application %d not sent: %s", m.applicationId(), e.getMessage());
        }
    }
}
