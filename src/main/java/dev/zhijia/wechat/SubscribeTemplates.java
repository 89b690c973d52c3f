package dev.zhijia.wechat;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.campaign.Campaign;
import dev.zhijia.campaign.CampaignConfig;

/**
 * The subscribe-message templates configured per topic ({@code zhijia.campaigns.subscribe.templates.<TOPIC>.id}):
 * the campaign kinds NOTICE, EVENT and VOTE, and {@value #BOOKING} for the day-before booking reminder.
 */
@ApplicationScoped
public class SubscribeTemplates {

    /** The topic of booking reminders. */
    public static final String BOOKING = "BOOKING";

    private final Map<String, CampaignConfig.Template> byKind;

    SubscribeTemplates(CampaignConfig config) {
        this.byKind = config.subscribe().templates();
    }

    /** The template id for a kind, or null when that kind sends no subscribe message. */
    public String idFor(Campaign.Kind kind) {
        return idFor(kind.name());
    }

    /** The template id for a topic, or null when that topic sends no subscribe message. */
    public String idFor(String topic) {
        CampaignConfig.Template t = byKind.get(topic);
        return t == null ? null : t.id();
    }

    /** The mini-program page a message opens when its template names none ({@code {id}}: the message's ref id). */
    static String defaultPage(String topic) {
        return BOOKING.equals(topic) ? "pages/member/bookings/index?id={id}" : "pages/campaign/detail?id={id}";
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
