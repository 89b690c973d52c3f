-- The union hierarchy (市总 → 区总 → 街道 / 企业工会). Portable between MySQL 8 and MariaDB 10.11.
-- A closure table holds one row per (ancestor, descendant) pair, the org itself included at depth 0, so
-- "X and everything below it" is an equality range on the primary key: no LIKE on paths (org codes may
-- hold '_', a LIKE wildcard), no recursive query, any depth. Moving an org rewrites only its subtree's rows.

CREATE TABLE org_unit (
    id          VARCHAR(32)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    parent_id   VARCHAR(32)  NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_org_parent (parent_id),
    CONSTRAINT fk_org_parent FOREIGN KEY (parent_id) REFERENCES org_unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE org_closure (
    ancestor_id   VARCHAR(32) NOT NULL,
    descendant_id VARCHAR(32) NOT NULL,
    depth         INT         NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id),
    KEY idx_org_closure_descendant (descendant_id, depth),
    CONSTRAINT fk_org_closure_ancestor FOREIGN KEY (ancestor_id) REFERENCES org_unit (id) ON DELETE CASCADE,
    CONSTRAINT fk_org_closure_descendant FOREIGN KEY (descendant_id) REFERENCES org_unit (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The root: the city federation. Its admins see everything, as every admin did before this migration.
INSERT INTO org_unit (id, name, parent_id, created_at) VALUES ('root', '市总工会', NULL, CURRENT_TIMESTAMP(3));

-- Every free-text org code in use becomes an org directly under the root, named by its code (rename later).
-- Benefits' and campaigns' lists are comma-separated (≤ 50 codes each, as the API validates).
INSERT IGNORE INTO org_unit (id, name, parent_id, created_at)
SELECT code, code, 'root', CURRENT_TIMESTAMP(3) FROM (
    SELECT org_id AS code FROM roster_entry WHERE org_id IS NOT NULL AND org_id <> ''
    UNION
    SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(b.eligible_orgs, ',', n.n), ',', -1) FROM benefit b
        JOIN (SELECT t.d * 10 + u.d + 1 AS n FROM
                (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) t,
                (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) u) n
        ON b.eligible_orgs <> '' AND n.n <= 1 + LENGTH(b.eligible_orgs) - LENGTH(REPLACE(b.eligible_orgs, ',', ''))
    UNION
    SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(c.audience_orgs, ',', n.n), ',', -1) FROM campaign c
        JOIN (SELECT t.d * 10 + u.d + 1 AS n FROM
                (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) t,
                (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) u) n
        ON c.audience_orgs <> '' AND n.n <= 1 + LENGTH(c.audience_orgs) - LENGTH(REPLACE(c.audience_orgs, ',', ''))
) codes WHERE code <> '' AND code <> 'root';

INSERT INTO org_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM org_unit;
INSERT INTO org_closure (ancestor_id, descendant_id, depth) SELECT 'root', id, 1 FROM org_unit WHERE parent_id = 'root';

-- What each object belongs to; everything that exists today belongs to the root. Roster entries keep their
-- nullable org_id (no org: the root's). Reports belong to their station's org, audit entries to their
-- actor's, members to their roster entry's: no column of their own.
ALTER TABLE staff_account ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_staff_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
ALTER TABLE station ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_station_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
ALTER TABLE benefit ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_benefit_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
ALTER TABLE campaign ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_campaign_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
ALTER TABLE water_prize_pool ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_prize_pool_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
-- A new application has no org yet (the root's admins triage it); approving it moves it to the member's org.
ALTER TABLE join_application ADD COLUMN org_id VARCHAR(32) NOT NULL DEFAULT 'root',
    ADD CONSTRAINT fk_join_org FOREIGN KEY (org_id) REFERENCES org_unit (id);
-- No foreign key on roster_entry.org_id: rosters are also loaded straight into MySQL, and a code the tree does not
-- know is simply the root's (only the root's admins reach it) until an org of that code is created.
