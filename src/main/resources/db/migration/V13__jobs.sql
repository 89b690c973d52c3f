-- Jobs (就业服务, 岗位直搜): posts, applications, view counts. Categories and districts are rows, so
-- a federation adds its own without a release. Portable between MySQL 8 and MariaDB 10.11 except for
-- the n-gram FULLTEXT index at the end, which only MySQL has (see there).

CREATE TABLE job_category (
    code        VARCHAR(32)  NOT NULL,
    name        VARCHAR(50)  NOT NULL,
    sort_order  INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE job_district (
    code        VARCHAR(32)  NOT NULL,
    name        VARCHAR(50)  NOT NULL,
    sort_order  INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO job_category (code, name, sort_order) VALUES
    ('logistics', '快递物流', 10), ('delivery', '外卖配送', 20), ('driving', '司机驾驶', 30),
    ('security', '保安保洁', 40), ('manufacturing', '生产制造', 50), ('service', '餐饮服务', 60),
    ('retail', '销售零售', 70), ('construction', '建筑装修', 80), ('care', '家政护理', 90), ('other', '其他', 1000);

INSERT INTO job_district (code, name, sort_order) VALUES
    ('shangcheng', '上城区', 10), ('gongshu', '拱墅区', 20), ('xihu', '西湖区', 30), ('binjiang', '滨江区', 40),
    ('xiaoshan', '萧山区', 50), ('yuhang', '余杭区', 60), ('linping', '临平区', 70), ('qiantang', '钱塘区', 80);

-- status: OPEN until deleted (DELETED) or every seat is taken (FILLED); closes_at ends it by time alone.
-- org_id: the owning org (V11's tree); an admin lists, edits and counts only their subtree's posts.
-- created_month (first day of the service zone's month) feeds the monthly figures without zone arithmetic in SQL.
CREATE TABLE job_post (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    org_id             VARCHAR(32)   NOT NULL DEFAULT 'root',
    title              VARCHAR(50)   NOT NULL,
    employer           VARCHAR(100)  NOT NULL,
    category           VARCHAR(32)   NOT NULL,
    district           VARCHAR(32)   NOT NULL,
    address            VARCHAR(200)  NOT NULL DEFAULT '',
    lat                DOUBLE        NOT NULL,
    lng                DOUBLE        NOT NULL,
    salary_min         INT           NOT NULL,
    salary_max         INT           NOT NULL,
    description        VARCHAR(2000) NOT NULL DEFAULT '',
    headcount          INT           NOT NULL,
    hired_count        INT           NOT NULL DEFAULT 0,
    application_count  INT           NOT NULL DEFAULT 0,
    views              BIGINT        NOT NULL DEFAULT 0,
    closes_at          DATETIME(3)   NOT NULL,
    tags               VARCHAR(200)  NOT NULL DEFAULT '',
    status             VARCHAR(16)   NOT NULL,
    created_by         BIGINT        NOT NULL,
    created_at         DATETIME(3)   NOT NULL,
    created_month      DATE          NOT NULL,
    updated_at         DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY idx_job_open (status, closes_at),
    -- covering for the nearest-first box (closes_at too), so candidates come from the index alone
    KEY idx_job_geo (status, lat, lng, closes_at),
    KEY idx_job_category (category, status),
    KEY idx_job_org (org_id),
    KEY idx_job_month (created_month, category),
    CONSTRAINT fk_job_category FOREIGN KEY (category) REFERENCES job_category (code),
    CONSTRAINT fk_job_district FOREIGN KEY (district) REFERENCES job_district (code),
    CONSTRAINT fk_job_org FOREIGN KEY (org_id) REFERENCES org_unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One application per member per job (uk_job_application_once). status: APPLIED, VIEWED, INTERVIEW,
-- HIRED, REJECTED, WITHDRAWN. applied_month / hired_month: the service zone's month, for the figures.
CREATE TABLE job_application (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    job_id         BIGINT        NOT NULL,
    member_id      BIGINT        NOT NULL,
    note           VARCHAR(200)  NULL,
    status         VARCHAR(16)   NOT NULL,
    status_note    VARCHAR(200)  NULL,
    created_at     DATETIME(3)   NOT NULL,
    applied_month  DATE          NOT NULL,
    updated_at     DATETIME(3)   NOT NULL,
    hired_month    DATE          NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_job_application_once (job_id, member_id),
    KEY idx_job_application_job (job_id, status, id),
    KEY idx_job_application_member (member_id, id),
    KEY idx_job_application_month (applied_month),
    KEY idx_job_application_hired (hired_month),
    CONSTRAINT fk_job_application_job FOREIGN KEY (job_id) REFERENCES job_post (id),
    CONSTRAINT fk_job_application_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Views reach MySQL in batches from Redis counters (JobViews): per post and month, and each batch once
-- (its id is the primary key of job_view_flush, written in the same transaction as the counts).
CREATE TABLE job_view_month (
    job_id  BIGINT  NOT NULL,
    month   DATE    NOT NULL,
    views   BIGINT  NOT NULL,
    PRIMARY KEY (job_id, month),
    KEY idx_job_view_month (month),
    CONSTRAINT fk_job_view_job FOREIGN KEY (job_id) REFERENCES job_post (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE job_view_flush (
    id          VARCHAR(64)  NOT NULL,
    flushed_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Chinese has no spaces between words, so a FULLTEXT index needs the n-gram parser (MySQL 5.7.6+):
-- with ngram_token_size = 2 (the default) 顺丰快递员 is indexed as 顺丰 丰快 快递 递员, and q=快递 finds it.
-- MariaDB has no ngram parser (its FULLTEXT would index 顺丰快递员 as one word), so there the index is
-- not created and JobSearch falls back to LIKE (it looks for this index at start). The stopword list is
-- switched off for the index: with n-grams it would drop every token containing an English stopword
-- such as "a" (Java → ja av va). A prepared statement keeps the one migration valid on both engines.
SET SESSION innodb_ft_enable_stopword = 0;
SET @job_fulltext = IF(VERSION() LIKE '%MariaDB%', 'DO 0',
    'ALTER TABLE job_post ADD FULLTEXT INDEX ft_job_text (title, employer, description) WITH PARSER ngram');
PREPARE job_fulltext FROM @job_fulltext;
EXECUTE job_fulltext;
DEALLOCATE PREPARE job_fulltext;
SET SESSION innodb_ft_enable_stopword = 1;
