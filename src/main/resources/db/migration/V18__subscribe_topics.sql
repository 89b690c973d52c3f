-- Subscribe messages for more than campaigns: the queue (V5) now carries what each message says, so one
-- sender delivers campaign notices and booking reminders alike.
--   topic      the template's key in zhijia.campaigns.subscribe.templates: NOTICE, EVENT, VOTE (campaigns), BOOKING
--   ref_id     what the message is about: the campaign's id, or the booking's (its page link, its figures)
--   title      the text of the template's "thing" field (a campaign's title, a booking's service)
--   happens_at the template's time field (publish time or event start; the booked slot's start)
-- campaign_id stays for the campaign's messages (its unique key: one per member per campaign) and is NULL
-- for the others. Portable between MySQL 8 and MariaDB 10.11.

ALTER TABLE subscribe_message
    MODIFY campaign_id BIGINT NULL,
    ADD COLUMN topic VARCHAR(16) NULL AFTER campaign_id,
    ADD COLUMN ref_id BIGINT NULL AFTER topic,
    ADD COLUMN title VARCHAR(100) NULL AFTER template_id,
    ADD COLUMN happens_at DATETIME(3) NULL AFTER title;

UPDATE subscribe_message s JOIN campaign c ON c.id = s.campaign_id
SET s.topic = c.kind,
    s.ref_id = c.id,
    s.title = c.title,
    s.happens_at = COALESCE(CASE WHEN c.kind = 'EVENT' THEN c.event_starts_at END, c.published_at, s.created_at);

ALTER TABLE subscribe_message
    MODIFY topic VARCHAR(16) NOT NULL,
    MODIFY ref_id BIGINT NOT NULL,
    MODIFY title VARCHAR(100) NOT NULL,
    MODIFY happens_at DATETIME(3) NOT NULL,
    ADD KEY idx_subscribe_ref (topic, ref_id);
