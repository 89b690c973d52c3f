package dev.zhijia.campaign;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.org.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.exception.ConstraintViolationException;

/** VOTE campaigns: one ballot per member with 1..maxChoices options, open until closesAt; results per option. */
@ApplicationScoped
public class Votes {

    @RegisterForReflection
    public record Ballot(long ballotId, long campaignId, List<Long> optionIds) {}

    @RegisterForReflection
    public record Results(
            long campaignId,
            String title,
            OffsetDateTime closesAt,
            boolean closed,
            long ballots,
            List<OptionResult> options) {}

    @RegisterForReflection
    public record OptionResult(long id, String label, long votes) {}

    private final Campaigns campaigns;
    private final CampaignRepository campaignRepo;
    private final BallotRepository repo;
    private final ShiftableClock clock;

    Votes(Campaigns campaigns, CampaignRepository campaignRepo, BallotRepository repo, ShiftableClock clock) {
        this.campaigns = campaigns;
        this.campaignRepo = campaignRepo;
        this.repo = repo;
        this.clock = clock;
    }

    public Ballot vote(long memberId, long campaignId, List<Long> optionIds) {
        Set<Long> distinct = new HashSet<>(optionIds);
        if (distinct.size() != optionIds.size()) {
            throw ProblemException.invalid("optionIds", "must not repeat an option");
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Campaign c = campaigns.visibleTo(memberId, campaignId);
                if (c.kind != Campaign.Kind.VOTE) {
                    throw ProblemException.conflict(CampaignErrors.NOT_A_VOTE, "Only VOTE campaigns take ballots");
                }
                Instant now = clock.instant();
                if (!now.isBefore(c.voteClosesAt)) {
                    throw ProblemException.conflict(
                            CampaignErrors.VOTE_CLOSED, "Voting closed at " + clock.at(c.voteClosesAt));
                }
                if (optionIds.size() > c.voteMaxChoices) {
                    throw ProblemException.invalid("optionIds", "choose at most " + c.voteMaxChoices + " options");
                }
                Set<Long> known = new HashSet<>(campaignRepo.options(campaignId).stream()
                        .map(CampaignView.Option::id)
                        .toList());
                for (Long id : optionIds) {
                    if (!known.contains(id)) {
                        throw ProblemException.invalid(
                                "optionIds", "option " + id + " is not one of this vote's options");
                    }
                }
                if (repo.hasVoted(campaignId, memberId)) {
                    throw alreadyVoted();
                }
                long ballotId = repo.insert(campaignId, memberId, optionIds, now);
                return new Ballot(
                        ballotId, campaignId, optionIds.stream().sorted().toList());
            });
        } catch (ConstraintViolationException e) {
            // two ballots raced past the check: the unique key let exactly one in
            throw alreadyVoted();
        }
    }

    /** For members of the audience (memberId, the admin scope null) and admins of the campaign's subtree (memberId null). */
    public Results results(Long memberId, Scope admin, long campaignId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = memberId == null
                    ? campaigns.find(admin, campaignId, LockModeType.NONE)
                    : campaigns.visibleTo(memberId, campaignId);
            if (c.kind != Campaign.Kind.VOTE) {
                throw ProblemException.conflict(CampaignErrors.NOT_A_VOTE, "Only VOTE campaigns have results");
            }
            List<OptionResult> options = repo.tally(campaignId).stream()
                    .map(t -> new OptionResult(t.optionId(), t.label(), t.votes()))
                    .toList();
            return new Results(
                    c.id,
                    c.title,
                    clock.at(c.voteClosesAt),
                    !clock.instant().isBefore(c.voteClosesAt),
                    repo.ballots(campaignId),
                    options);
        });
    }

    /** The results as CSV for spreadsheet programs: UTF-8 with a BOM (so Excel reads Chinese labels), CRLF lines. */
    public byte[] resultsCsv(Scope admin, long campaignId) {
        Results r = results(null, admin, campaignId);
        StringBuilder csv = new StringBuilder("\uFEFFoptionId,option,votes\r\n");
        for (OptionResult o : r.options()) {
            csv.append(o.id())
                    .append(',')
                    .append(csvField(o.label()))
                    .append(',')
                    .append(o.votes())
                    .append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Quotes when needed, and defuses labels a spreadsheet would run as a formula (=, +, -, @). */
    static String csvField(String s) {
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }

    /** Inside a transaction: the options this member chose, or null if they have not voted. */
    List<Long> mine(long memberId, Campaign c) {
        if (c.kind != Campaign.Kind.VOTE) {
            return null;
        }
        List<Long> chosen = repo.choicesOf(c.id, memberId);
        return chosen.isEmpty() ? null : chosen;
    }

    private static ProblemException alreadyVoted() {
        return ProblemException.conflict(CampaignErrors.ALREADY_VOTED, "You have already voted");
    }
}
