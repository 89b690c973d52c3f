package dev.zhijia.campaign;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.Notices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.exception.ConstraintViolationException;

/**
 * EVENT sign-ups: confirmed up to capacity, then an ordered waitlist; a cancelled confirmed seat goes
 * to the first in line, who is told in the inbox and live. Every change runs under a lock on the
 * campaign row, so concurrent sign-ups and cancellations never exceed capacity or skip the line.
 */
@ApplicationScoped
public class Signups {

    /** {@code position}: place in the waitlist (1 = next in line); absent when confirmed. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signup(long signupId, long campaignId, String status, Integer position) {}

    private final Campaigns campaigns;
    private final SignupRepository repo;
    private final Notices notices;
    private final ShiftableClock clock;

    Signups(Campaigns campaigns, SignupRepository repo, Notices notices, ShiftableClock clock) {
        this.campaigns = campaigns;
        this.repo = repo;
        this.notices = notices;
        this.clock = clock;
    }

    public Signup signUp(long memberId, long campaignId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                // the lock first: every read after it sees the sign-ups committed before it (see visibleTo)
                Campaign c = campaigns.visibleTo(memberId, campaignId, LockModeType.PESSIMISTIC_WRITE);
                if (c.kind != Campaign.Kind.EVENT) {
                    throw ProblemException.conflict(CampaignErrors.NOT_AN_EVENT, "Only EVENT campaigns take sign-ups");
                }
                Instant now = clock.instant();
                if (!now.isBefore(c.eventSignupDeadline)) {
                    throw ProblemException.conflict(
                            CampaignErrors.SIGNUP_CLOSED, "Sign-ups closed at " + clock.at(c.eventSignupDeadline));
                }
                SignupRepository.Row existing = repo.live(campaignId, memberId);
                if (existing != null) {
                    throw ProblemException.conflict(CampaignErrors.ALREADY_SIGNED_UP, "You have already signed up")
                            .with("signup", view(c, existing.id(), existing.status()));
                }
                boolean confirmed = c.confirmedCount < c.eventCapacity;
                String status = confirmed ? SignupRepository.CONFIRMED : SignupRepository.WAITLISTED;
                long id = repo.insert(campaignId, memberId, status, now);
                if (confirmed) {
                    c.confirmedCount++;
                }
                return view(c, id, status);
            });
        } catch (ConstraintViolationException e) {
            throw ProblemException.conflict(CampaignErrors.ALREADY_SIGNED_UP, "You have already signed up");
        }
    }

    /** Cancels the member's sign-up; a freed seat goes to the first on the waitlist. Allowed until the event starts. */
    public void cancel(long memberId, long campaignId) {
        QuarkusTransaction.requiringNew().run(() -> {
            Campaign c = campaigns.find(campaignId, LockModeType.PESSIMISTIC_WRITE);
            SignupRepository.Row mine = c.published() ? repo.live(campaignId, memberId) : null;
            if (mine == null) {
                throw ProblemException.notFound(
                        CampaignErrors.SIGNUP_NOT_FOUND, "You have not signed up for this event");
            }
            Instant now = clock.instant();
            if (!now.isBefore(c.eventStartsAt)) {
                throw ProblemException.conflict(
                        CampaignErrors.EVENT_STARTED, "The event has started; sign-ups can no longer change");
            }
            repo.cancel(mine.id(), now);
            if (!SignupRepository.CONFIRMED.equals(mine.status())) {
                return;
            }
            SignupRepository.Row next = repo.firstWaitlisted(campaignId);
            if (next == null) {
                c.confirmedCount--;
                return;
            }
            repo.promote(next.id(), now);
            notices.tell(
                    next.memberId(),
                    new Notices.Message(
                            "WAITLIST_PROMOTED",
                            "候补转正：" + c.title,
                            "您已从候补转为正式报名「" + c.title + "」。活动时间 "
                                    + clock.at(c.eventStartsAt)
                                            .toLocalDateTime()
                                            .toString()
                                            .replace('T', ' ') + "，地点 " + c.eventLocation + "。",
                            campaignId),
                    new Notices.Live(
                            "waitlist-promoted",
                            Map.of(
                                    "campaignId",
                                    campaignId,
                                    "title",
                                    c.title,
                                    "signupId",
                                    next.id(),
                                    "status",
                                    SignupRepository.CONFIRMED)));
        });
    }

    /** The member's live sign-up, or 404. */
    public Signup mine(long memberId, long campaignId) {
        Signup s = QuarkusTransaction.requiringNew()
                .call(() -> current(memberId, campaigns.visibleTo(memberId, campaignId)));
        if (s == null) {
            throw ProblemException.notFound(CampaignErrors.SIGNUP_NOT_FOUND, "You have not signed up for this event");
        }
        return s;
    }

    /** Inside a transaction: the member's live sign-up for this campaign, or null. */
    Signup current(long memberId, Campaign c) {
        SignupRepository.Row row = c.kind == Campaign.Kind.EVENT ? repo.live(c.id, memberId) : null;
        return row == null ? null : view(c, row.id(), row.status());
    }

    private Signup view(Campaign c, long id, String status) {
        return new Signup(
                id, c.id, status, SignupRepository.WAITLISTED.equals(status) ? repo.position(c.id, id) : null);
    }
}
