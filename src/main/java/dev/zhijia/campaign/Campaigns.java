package dev.zhijia.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RedisLock;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Audience;
import dev.zhijia.member.AudienceRule;
import dev.zhijia.member.Eligibility;
import dev.zhijia.notify.LiveEvents;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/** Campaign drafts, publishing, and who may see a campaign. */
@ApplicationScoped
public class Campaigns {

    private static final Logger LOG = Logger.getLogger(Campaigns.class);
    /** Held while one replica pushes a campaign's live event; released on failure so the sweeper can retry. */
    private static final Duration LIVE_LOCK_TTL = Duration.ofSeconds(30);

    private final EntityManager em;
    private final CampaignRepository repo;
    private final ShiftableClock clock;
    private final Eligibility eligibility;
    private final LiveEvents live;
    private final FanOut fanOut;
    private final RedisLock locks;
    private final Orgs orgs;

    Campaigns(
            EntityManager em,
            CampaignRepository repo,
            ShiftableClock clock,
            Eligibility eligibility,
            LiveEvents live,
            FanOut fanOut,
            RedisLock locks,
            Orgs orgs) {
        this.orgs = orgs;
        this.em = em;
        this.repo = repo;
        this.clock = clock;
        this.eligibility = eligibility;
        this.live = live;
        this.fanOut = fanOut;
        this.locks = locks;
    }

    public CampaignView create(Scope scope, CampaignRequest r, long adminId) {
        checkTerms(r);
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = new Campaign();
            c.orgId = scope.orgId();
            c.status = Campaign.Status.DRAFT;
            c.createdBy = adminId;
            c.createdAt = clock.instant();
            apply(scope, c, r);
            c.persist();
            em.flush();
            repo.replaceOptions(c.id, labels(r));
            return view(c);
        });
    }

    /** Drafts only: once published, members have been told what it says. */
    public CampaignView update(Scope scope, long id, CampaignRequest r) {
        checkTerms(r);
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = find(scope, id, LockModeType.PESSIMISTIC_WRITE);
            if (c.published()) {
                throw ProblemException.conflict(
                        CampaignErrors.CAMPAIGN_ALREADY_PUBLISHED, "A published campaign cannot change");
            }
            apply(scope, c, r);
            repo.replaceOptions(c.id, labels(r));
            return view(c);
        });
    }

    /**
     * Publishes once: the first call marks the campaign published, pushes the live event and starts the
     * fan-out; later calls (retries, a second admin) answer the same campaign and push nothing again.
     */
    public CampaignView publish(Scope scope, long id) {
        boolean[] mine = {false};
        Campaign published = QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = find(scope, id, LockModeType.PESSIMISTIC_WRITE);
            if (c.published()) {
                return c;
            }
            Instant now = clock.instant();
            if (c.kind == Campaign.Kind.EVENT && !now.isBefore(c.eventSignupDeadline)) {
                throw ProblemException.conflict(
                        CampaignErrors.CAMPAIGN_DEADLINE_PASSED,
                        "The sign-up deadline has passed; edit the draft first");
            }
            if (c.kind == Campaign.Kind.VOTE && !now.isBefore(c.voteClosesAt)) {
                throw ProblemException.conflict(
                        CampaignErrors.CAMPAIGN_DEADLINE_PASSED, "The vote has already closed; edit the draft first");
            }
            c.status = Campaign.Status.PUBLISHED;
            c.publishedAt = now;
            c.updatedAt = now;
            c.fanoutLastMemberId = repo.maxMemberId();
            c.fanoutNextMemberId = 0L;
            mine[0] = true;
            return c;
        });
        if (mine[0]) {
            LOG.infof("campaign %d published to members up to id %d", id, published.fanoutLastMemberId);
            pushLive(id);
            fanOut.start(id);
        }
        return QuarkusTransaction.requiringNew().call(() -> view(find(id, LockModeType.NONE)));
    }

    /**
     * The "campaign" live event for the audience's open sockets. Called after publishing and by the
     * sweeper until it succeeds; a short Redis lock keeps two replicas from pushing it twice.
     */
    void pushLive(long id) {
        String lock = "{campaign:" + id + "}:live";
        String token = null;
        try {
            token = locks.tryAcquire(lock, LIVE_LOCK_TTL);
            if (token == null) {
                return;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                Campaign c = find(id, LockModeType.NONE);
                if (c.liveEventId != null) {
                    return;
                }
                String eventId = live.toAudience(c.audience(), "campaign", Map.of("campaign", view(c)));
                repo.liveEventSent(id, eventId);
            });
        } catch (RuntimeException e) {
            // Redis down or the write failed: publishing still stands; the sweeper pushes it later
            LOG.warnf("live push of campaign %d failed, the sweeper retries: %s", id, e.toString());
            try {
                locks.release(lock, token);
            } catch (RuntimeException ignored) {
                // the lock expires by itself
            }
        }
    }

    public CampaignView adminView(Scope scope, long id) {
        return QuarkusTransaction.requiringNew().call(() -> view(find(scope, id, LockModeType.NONE)));
    }

    /** Newest first; {@code status} DRAFT or PUBLISHED, or null for both. */
    public Page<CampaignView> list(Scope scope, Campaign.Status status, int limit, long before) {
        String inScope = " and " + scope.where("orgId");
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = status == null
                    ? Campaign.<Campaign>find("id < ?1" + inScope + " order by id desc", before)
                    : Campaign.<Campaign>find(
                            "id < ?1 and status = ?2" + inScope + " order by id desc", before, status);
            List<Campaign> rows = query.range(0, limit).list();
            return Page.of(rows.stream().map(this::view).toList(), limit, CampaignView::id);
        });
    }

    /**
     * A published campaign the member is in the audience of: 404 for drafts and unknown ids,
     * 403 for members outside the audience.
     */
    Campaign visibleTo(long memberId, long id) {
        return visibleTo(memberId, id, LockModeType.NONE);
    }

    /**
     * The same, reading the campaign row with {@code lock}. With PESSIMISTIC_WRITE this must be the
     * transaction's first read: InnoDB takes a REPEATABLE READ snapshot at the first plain read, and the
     * reads after the lock must see everything committed by whoever held it before.
     */
    Campaign visibleTo(long memberId, long id, LockModeType lock) {
        Campaign c = RowLocks.find(em, Campaign.class, "campaign", id, lock);
        if (c == null || !c.published()) {
            throw notFound(id);
        }
        Eligibility.Profile profile = eligibility.of(memberId).requireVerified();
        if (!c.audience().includes(profile)) {
            throw ProblemException.forbidden(
                    CampaignErrors.NOT_IN_AUDIENCE, "This campaign is for other groups of members");
        }
        return c;
    }

    /** A campaign of the admin's subtree; others answer 404 as unknown ids do. */
    Campaign find(Scope scope, long id, LockModeType lock) {
        Campaign c = find(id, lock);
        return scope.visible(c, c.orgId, () -> notFound(id));
    }

    Campaign find(long id, LockModeType lock) {
        Campaign c = RowLocks.find(em, Campaign.class, "campaign", id, lock);
        if (c == null) {
            throw notFound(id);
        }
        return c;
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(CampaignErrors.CAMPAIGN_NOT_FOUND, "No campaign " + id);
    }

    CampaignView view(Campaign c) {
        Instant now = clock.instant();
        CampaignView.EventView event = c.kind != Campaign.Kind.EVENT
                ? null
                : new CampaignView.EventView(
                        clock.at(c.eventStartsAt),
                        c.eventLocation,
                        c.eventCapacity,
                        clock.at(c.eventSignupDeadline),
                        c.confirmedCount,
                        repo.waitlisted(c.id));
        CampaignView.VoteView vote = c.kind != Campaign.Kind.VOTE
                ? null
                : new CampaignView.VoteView(
                        repo.options(c.id), c.voteMaxChoices, clock.at(c.voteClosesAt), !now.isBefore(c.voteClosesAt));
        return new CampaignView(
                c.id,
                c.kind,
                c.title,
                c.body,
                c.status,
                c.audience(),
                event,
                vote,
                clock.at(c.createdAt),
                clock.at(c.publishedAt),
                null);
    }

    /** The rules Bean Validation cannot express: which blocks a kind needs, and times in order. */
    private void checkTerms(CampaignRequest r) {
        Instant now = clock.instant();
        checkBlock("event", r.kind() == Campaign.Kind.EVENT, r.event() != null);
        checkBlock("vote", r.kind() == Campaign.Kind.VOTE, r.vote() != null);
        if (r.event() != null) {
            checkEvent(r.event(), now);
        }
        if (r.vote() != null) {
            checkVote(r.vote(), labels(r), now);
        }
    }

    /** {@code event} terms for EVENT campaigns only, {@code vote} terms for VOTE campaigns only. */
    private static void checkBlock(String block, boolean needed, boolean given) {
        String kind = block.toUpperCase(Locale.ROOT);
        if (needed && !given) {
            throw ProblemException.invalid(block, "is required for " + kind + " campaigns");
        }
        if (!needed && given) {
            throw ProblemException.invalid(block, "only " + kind + " campaigns have " + block + " terms");
        }
    }

    private static void checkEvent(CampaignRequest.EventTerms e, Instant now) {
        Instant starts = e.startsAt().toInstant();
        Instant deadline = e.signupDeadline().toInstant();
        if (!starts.isAfter(now)) {
            throw ProblemException.invalid("event.startsAt", "must be in the future");
        }
        if (!deadline.isAfter(now)) {
            throw ProblemException.invalid("event.signupDeadline", "must be in the future");
        }
        if (deadline.isAfter(starts)) {
            throw ProblemException.invalid("event.signupDeadline", "must not be after event.startsAt");
        }
    }

    private static void checkVote(CampaignRequest.VoteTerms v, List<String> labels, Instant now) {
        if (new HashSet<>(labels).size() != labels.size()) {
            throw ProblemException.invalid("vote.options", "must be distinct");
        }
        if (v.maxChoices() > labels.size()) {
            throw ProblemException.invalid(
                    "vote.maxChoices", "must be between 1 and the number of options (" + labels.size() + ")");
        }
        if (!v.closesAt().toInstant().isAfter(now)) {
            throw ProblemException.invalid("vote.closesAt", "must be in the future");
        }
    }

    private static List<String> labels(CampaignRequest r) {
        return r.vote() == null
                ? List.of()
                : r.vote().options().stream().map(String::strip).toList();
    }

    private void apply(Scope scope, Campaign c, CampaignRequest r) {
        c.kind = r.kind();
        c.title = r.title().strip();
        c.body = r.body() == null ? "" : r.body().strip();
        Audience audience = AudienceRule.audience(r.audience());
        orgs.requireAudience(scope, audience.orgIds());
        c.audienceTags = audience.joinedTags();
        c.audienceOrgs = audience.joinedOrgs();
        CampaignRequest.EventTerms e = r.event();
        c.eventStartsAt = e == null ? null : e.startsAt().toInstant();
        c.eventLocation = e == null ? null : e.location().strip();
        c.eventCapacity = e == null ? null : e.capacity();
        c.eventSignupDeadline = e == null ? null : e.signupDeadline().toInstant();
        CampaignRequest.VoteTerms v = r.vote();
        c.voteMaxChoices = v == null ? null : v.maxChoices();
        c.voteClosesAt = v == null ? null : v.closesAt().toInstant();
        c.updatedAt = clock.instant();
    }
}
