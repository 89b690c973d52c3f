-- Per-campaign figures count a campaign's inbox entries: without this every count scans all inboxes.
CREATE INDEX idx_inbox_ref ON inbox_message (kind, ref_id, read_at);
