package dev.zhijia.campaign;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.NativeCounts;

/** Ballot SQL; the unique key (campaign_id, member_id) is what makes a second ballot fail. */
@ApplicationScoped
class BallotRepository {

    record Tally(long optionId, String label, long votes) {}

    private final EntityManager em;

    BallotRepository(EntityManager em) {
        this.em = em;
    }

    long insert(long campaignId, long memberId, List<Long> optionIds, Instant now) {
        em.createNativeQuery("INSERT INTO campaign_ballot (campaign_id, member_id, created_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, campaignId)
                .setParameter(2, memberId)
                .setParameter(3, now)
                .executeUpdate();
        long ballotId = ((Number)
                        em.createNativeQuery("SELECT id FROM campaign_ballot WHERE campaign_id = ?1 AND member_id = ?2")
                                .setParameter(1, campaignId)
                                .setParameter(2, memberId)
                                .getSingleResult())
                .longValue();
        for (Long optionId : optionIds) {
            em.createNativeQuery(
                            "INSERT INTO campaign_ballot_choice (ballot_id, option_id, campaign_id) VALUES (?1, ?2, ?3)")
                    .setParameter(1, ballotId)
                    .setParameter(2, optionId)
                    .setParameter(3, campaignId)
                    .executeUpdate();
        }
        return ballotId;
    }

    @SuppressWarnings("unchecked")
    List<Long> choicesOf(long campaignId, long memberId) {
        List<Number> ids = em.createNativeQuery(
                        "SELECT c.option_id FROM campaign_ballot b JOIN campaign_ballot_choice c ON c.ballot_id = b.id"
                                + " WHERE b.campaign_id = ?1 AND b.member_id = ?2 ORDER BY c.option_id")
                .setParameter(1, campaignId)
                .setParameter(2, memberId)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    boolean hasVoted(long campaignId, long memberId) {
        return !em.createNativeQuery("SELECT 1 FROM campaign_ballot WHERE campaign_id = ?1 AND member_id = ?2")
                .setParameter(1, campaignId)
                .setParameter(2, memberId)
                .getResultList()
                .isEmpty();
    }

    /** Every option in order, with its votes (0 included). */
    @SuppressWarnings("unchecked")
    List<Tally> tally(long campaignId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT o.id, o.label, (SELECT COUNT(*) FROM campaign_ballot_choice c"
                                + " WHERE c.campaign_id = o.campaign_id AND c.option_id = o.id) FROM campaign_option o WHERE o.campaign_id = ?1"
                                + " ORDER BY o.position")
                .setParameter(1, campaignId)
                .getResultList();
        return rows.stream()
                .map(r -> new Tally(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue()))
                .toList();
    }

    long ballots(long campaignId) {
        return NativeCounts.count(em, "SELECT COUNT(*) FROM campaign_ballot WHERE campaign_id = ?1", campaignId);
    }
}
