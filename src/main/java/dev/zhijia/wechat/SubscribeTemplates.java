package dev.zhijia.wechat;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.campaign.Campaign;
import dev.zhijia.campaign.CampaignConfig;

/** The subscribe-message templates configured per campaign kind ({@code zhijia.campaigns.subscribe.templates.<KIND>.id}). */
@ApplicationScoped
public class SubscribeTemplates {

    private final Map<String, CampaignConfig.Template> byKind;

    SubscribeTemplates(CampaignConfig config) {
        this.byKind = config.subscribe().templates();
    }

    /** The template id for a kind, or null when that kind sends no subscribe message. */
    public String idFor(Campaign.Kind kind) {
        CampaignConfig.Template t = byKind.get(kind.name());
        return t == null ? null : t.id();
    }

    boolean known(String templateId) {
        return byKind.values().stream().anyMatch(t -> t.id().equals(templateId));
    }

    /** Each configured template once, with the kinds that use it. */
    List<String> ids() {
        return byKind.values().stream()
                .map(CampaignConfig.Template::id)
                .distinct()
                .sorted()
                .toList();
    }
}
