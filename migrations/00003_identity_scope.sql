-- +goose Up
-- Provinces of China, so that an enterprise outside Sichuan (a cross-province
-- internship, Art 24) can be placed at least at province level. Prefecture and
-- county codes outside Sichuan change often and are loaded when needed.
INSERT INTO divisions (code, name, parent_code, level) VALUES
    ('110000', '北京市', NULL, 'province'), ('120000', '天津市', NULL, 'province'),
    ('130000', '河北省', NULL, 'province'), ('140000', '山西省', NULL, 'province'),
    ('150000', '内蒙古自治区', NULL, 'province'), ('210000', '辽宁省', NULL, 'province'),
    ('220000', '吉林省', NULL, 'province'), ('230000', '黑龙江省', NULL, 'province'),
    ('310000', '上海市', NULL, 'province'), ('320000', '江苏省', NULL, 'province'),
    ('330000', '浙江省', NULL, 'province'), ('340000', '安徽省', NULL, 'province'),
    ('350000', '福建省', NULL, 'province'), ('360000', '江西省', NULL, 'province'),
    ('370000', '山东省', NULL, 'province'), ('410000', '河南省', NULL, 'province'),
    ('420000', '湖北省', NULL, 'province'), ('430000', '湖南省', NULL, 'province'),
    ('440000', '广东省', NULL, 'province'), ('450000', '广西壮族自治区', NULL, 'province'),
    ('460000', '海南省', NULL, 'province'), ('500000', '重庆市', NULL, 'province'),
    ('520000', '贵州省', NULL, 'province'), ('530000', '云南省', NULL, 'province'),
    ('540000', '西藏自治区', NULL, 'province'), ('610000', '陕西省', NULL, 'province'),
    ('620000', '甘肃省', NULL, 'province'), ('630000', '青海省', NULL, 'province'),
    ('640000', '宁夏回族自治区', NULL, 'province'), ('650000', '新疆维吾尔自治区', NULL, 'province')
ON CONFLICT (code) DO NOTHING;

-- Enterprises may sit in any county of China, not only in the loaded table;
-- the service checks the code's format and province instead of a foreign key.
ALTER TABLE orgs DROP CONSTRAINT orgs_division_code_fkey;
ALTER TABLE orgs ALTER COLUMN division_code TYPE text,
    ADD CONSTRAINT orgs_division_code_format CHECK (division_code ~ '^[1-9][0-9]{5}$');
ALTER TABLE orgs
    ADD COLUMN parent_id   uuid REFERENCES orgs (id),
    ADD COLUMN credit_code text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    ADD CONSTRAINT orgs_enterprise_credit_code CHECK ((kind = 'enterprise') = (credit_code IS NOT NULL));
-- One enterprise per unified social credit code: registering it twice answers 409 with the first.
CREATE UNIQUE INDEX orgs_credit_code_key ON orgs (credit_code) WHERE credit_code IS NOT NULL;
-- A division has exactly one competent education bureau.
CREATE UNIQUE INDEX orgs_one_bureau_per_division ON orgs (division_code) WHERE kind = 'bureau';
CREATE INDEX orgs_division_code_idx ON orgs (division_code text_pattern_ops);

CREATE TABLE enterprises (
    org_id             uuid PRIMARY KEY REFERENCES orgs (id),
    industry           text NOT NULL DEFAULT '',
    address            text NOT NULL DEFAULT '',
    -- WGS-84, converted on input from the datum the client named.
    lat                double precision CHECK (lat BETWEEN -90 AND 90),
    lng                double precision CHECK (lng BETWEEN -180 AND 180),
    fence_radius_m     integer NOT NULL DEFAULT 300 CHECK (fence_radius_m BETWEEN 50 AND 5000),
    headcount          integer NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    banned_venue       boolean NOT NULL DEFAULT false,
    intermediary       boolean NOT NULL DEFAULT false,
    -- The school that registered the enterprise may see it before listing it as a host.
    registered_by_org  uuid REFERENCES orgs (id),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enterprise_safety_violations (
    id            uuid PRIMARY KEY,
    enterprise_id uuid NOT NULL REFERENCES enterprises (org_id),
    occurred_on   date NOT NULL,
    summary       text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_safety_violations_enterprise_idx ON enterprise_safety_violations (enterprise_id, occurred_on);

CREATE TABLE posts (
    id                   uuid PRIMARY KEY,
    enterprise_id        uuid NOT NULL REFERENCES enterprises (org_id),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    major_category       text NOT NULL CHECK (length(major_category) BETWEEN 1 AND 64),
    headcount            integer NOT NULL CHECK (headcount >= 1),
    hours_per_day        numeric(4, 2) NOT NULL CHECK (hours_per_day > 0 AND hours_per_day <= 24),
    hours_per_week       numeric(5, 2) NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 168),
    shift_start          time NOT NULL,
    shift_end            time NOT NULL,
    works_rest_days      boolean NOT NULL DEFAULT false,
    labour_grade         smallint NOT NULL CHECK (labour_grade BETWEEN 1 AND 4),
    high_risk            text[] NOT NULL DEFAULT '{}'
        CHECK (high_risk <@ ARRAY['heights', 'underground', 'radioactive', 'toxic', 'flammable_explosive']),
    forbidden_for_minors boolean NOT NULL DEFAULT false,
    forbidden_for_women  boolean NOT NULL DEFAULT false,
    wage_fen             bigint NOT NULL CHECK (wage_fen >= 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    -- Plans and placements name posts; two posts of one name would be ambiguous to every reader.
    UNIQUE (enterprise_id, name)
);

-- Each school's approved host list (合作单位名单, Art 7).
CREATE TABLE school_hosts (
    school_id     uuid NOT NULL REFERENCES orgs (id),
    enterprise_id uuid NOT NULL REFERENCES enterprises (org_id),
    assessed_on   date NOT NULL,
    report        text NOT NULL CHECK (length(report) BETWEEN 1 AND 5000),
    approved_on   date NOT NULL CHECK (approved_on >= assessed_on),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, enterprise_id)
);
CREATE INDEX school_hosts_enterprise_idx ON school_hosts (enterprise_id);

-- Append-only audit trail. division_code is the division of the subject at
-- the time of the event, so bureaus see the events of their subtree.
CREATE TABLE audit_events (
    id             uuid PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       uuid,
    actor_username text,
    actor_role     text,
    org_id         uuid,
    division_code  text,
    action         text NOT NULL,
    subject_type   text NOT NULL,
    subject_id     text NOT NULL,
    before         jsonb,
    after          jsonb,
    client_ip      text,
    request_id     text
);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, id);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only;
DROP TABLE school_hosts;
DROP TABLE posts;
DROP TABLE enterprise_safety_violations;
DROP TABLE enterprises;
DROP INDEX orgs_division_code_idx;
DROP INDEX orgs_one_bureau_per_division;
DROP INDEX orgs_credit_code_key;
ALTER TABLE orgs DROP CONSTRAINT orgs_enterprise_credit_code, DROP COLUMN credit_code, DROP COLUMN parent_id,
    DROP CONSTRAINT orgs_division_code_format, ALTER COLUMN division_code TYPE char(6);
ALTER TABLE orgs ADD CONSTRAINT orgs_division_code_fkey FOREIGN KEY (division_code) REFERENCES divisions (code);
DELETE FROM divisions WHERE level = 'province' AND code <> '510000';
