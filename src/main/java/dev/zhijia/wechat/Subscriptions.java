package dev.zhijia.wechat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.zhijia.campaign.CampaignConfig;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Members' consent to subscribe messages, per template. The mini-program asks with
 * {@code wx.requestSubscribeMessage} and reports each answer here: "accept" banks one send,
 * "reject" (or "ban") clears them.
 */
@ApplicationScoped
public class Subscriptions {

    @RegisterForReflection
    public record Item(String templateId, List<String> kinds, int credits) {}

    @RegisterForReflection
    public record Listing(List<Item> items) {}

    private final SubscribeRepository repo;
    private final SubscribeTemplates templates;
    private final CampaignConfig config;
    private final ShiftableClock clock;

    Subscriptions(SubscribeRepository repo, SubscribeTemplates templates, CampaignConfig config, ShiftableClock clock) {
        this.repo = repo;
        this.templates = templates;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Item answer(long memberId, String templateId, boolean accepted) {
        if (!templates.known(templateId)) {
            throw ProblemException.badRequest(
                    WechatErrors.UNKNOWN_TEMPLATE, "No subscribe-message template " + templateId);
        }
        if (accepted) {
            repo.accept(memberId, templateId, clock.instant());
        } else {
            repo.revoke(memberId, templateId, clock.instant());
        }
        return item(templateId, repo.credits(memberId));
    }

    /**
     * Queues a subscribe message about something other than a campaign — a booking's reminder — for the one
     * sender that delivers every topic (SubscribeSender), in the caller's transaction: only when a template is
     * configured for the topic and the member has a send left for it (their consent is used up when it is sent).
     * Returns whether a message was queued.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queue(String topic, long refId, long memberId, String title, Instant happensAt) {
        String template = templates.idFor(topic);
        return template != null
                && repo.queueOne(topic, refId, memberId, template, title, happensAt, clock.instant()) == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(long memberId) {
        Map<String, Integer> credits = repo.credits(memberId);
        List<Item> items = new ArrayList<>();
        for (String id : templates.ids()) {
            items.add(item(id, credits));
        }
        return new Listing(items);
    }

    private Item item(String templateId, Map<String, Integer> credits) {
        List<String> kinds = config.subscribe().templates().entrySet().stream()
                .filter(e -> e.getValue().id().equals(templateId))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return new Item(templateId, kinds, credits.getOrDefault(templateId, 0));
    }
}
