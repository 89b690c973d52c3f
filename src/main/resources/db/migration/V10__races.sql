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
