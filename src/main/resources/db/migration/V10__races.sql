-- Rules that must hold when requests race (issue 12).

-- One pending pickup code per member per station: the key exists only while the row is PENDING, so a
-- burst of requests by one member inserts one row and the rest find it. Older duplicates are given up.
UPDATE water_pickup p
    JOIN (SELECT member_id, station_id, MAX(id) AS keep_id FROM water_pickup WHERE status = 'PENDING'
          GROUP BY member_id, station_id) k ON k.member_id = p.member_id AND k.station_id = p.station_id
SET p.status = 'CANCELLED'
WHERE p.status = 'PENDING' AND p.id < k.keep_id;

ALTER TABLE water_pickup
    ADD COLUMN pending_member_id BIGINT AS (CASE WHEN status = 'PENDING' THEN member_id END) STORED,
    ADD UNIQUE KEY uk_pickup_pending (pending_member_id, station_id);

-- Lottery draws in chunks that resume after a crash: entries are settled in ticket order, and
-- draw_progress is the last ticket settled; the replica drawing holds draw_lease_until.
ALTER TABLE benefit
    ADD COLUMN draw_progress    BIGINT      NULL,
    ADD COLUMN draw_lease_until DATETIME(3) NULL;

-- The sweep that frees the codes of claims past redeem_by finds them by this key.
ALTER TABLE benefit_claim
    ADD KEY idx_claim_expiring (status, redeem_by);
