-- +goose Up
-- Special inspections (专项排查, Art 42 and 45): a bureau's campaign over a
-- division subtree, its reproducible random draw (双随机), the problems it
-- finds and their rectification (整改). Each finding and each state change
-- is also a row of the campaign's hash-chained ledger (ledger_entries); these
-- tables hold the current state that lists and exports read.
CREATE TABLE campaigns (
    id            uuid PRIMARY KEY,
    bureau_id     uuid        NOT NULL REFERENCES orgs (id),
    title         text        NOT NULL CHECK (length(title) BETWEEN 1 AND 128),
    -- The scope: a division subtree, optionally narrowed to listed schools.
    division_code char(6)     NOT NULL REFERENCES divisions (code),
    school_ids    uuid[]      NOT NULL DEFAULT '{}',
    starts_on     date        NOT NULL,
    ends_on       date        NOT NULL CHECK (ends_on >= starts_on),
    methods       text[]      NOT NULL CHECK (cardinality(methods) >= 1
                                  AND methods <@ ARRAY['documents', 'site_visit', 'student_talk', 'questionnaire']),
    inspector_ids uuid[]      NOT NULL DEFAULT '{}',
    -- [{id, rule?, article, text}]: what the inspectors check, fixed when
    -- the campaign opens.
    checklist     jsonb       NOT NULL,
    status        text        NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_by    uuid        NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    opened_at     timestamptz,
    closed_at     timestamptz
);
CREATE INDEX campaigns_division ON campaigns (division_code, id DESC);

-- The draw is made once per campaign and published with it: the seed and
-- both candidate lists let anyone recompute the result.
CREATE TABLE campaign_draws (
    campaign_id          uuid PRIMARY KEY REFERENCES campaigns (id),
    seed                 text        NOT NULL CHECK (length(seed) BETWEEN 1 AND 64),
    target_kind          text        NOT NULL CHECK (target_kind IN ('school', 'enterprise', 'placement')),
    target_candidates    jsonb       NOT NULL,
    inspector_candidates jsonb       NOT NULL,
    drawn_targets        jsonb       NOT NULL,
    drawn_inspectors     jsonb       NOT NULL,
    drawn_by             uuid        NOT NULL REFERENCES users (id),
    drawn_at             timestamptz NOT NULL
);

CREATE TABLE findings (
    id                  uuid PRIMARY KEY,
    campaign_id         uuid        NOT NULL REFERENCES campaigns (id),
    -- 序号 of the printed ledger, gapless within a campaign.
    seq                 integer     NOT NULL CHECK (seq >= 1),
    target_kind         text        NOT NULL CHECK (target_kind IN ('school', 'enterprise', 'plan', 'placement')),
    target_id           uuid        NOT NULL,
    target_name         text        NOT NULL,
    -- The school and enterprise the target belongs to, for the ledger's
    -- columns and for the responsible unit's view.
    school_id           uuid REFERENCES orgs (id),
    enterprise_id       uuid REFERENCES orgs (id),
    division_code       char(6)     NOT NULL,
    rule                text,
    checklist_item      text,
    article             text        NOT NULL DEFAULT '',
    description         text        NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    severity            text        NOT NULL CHECK (severity IN ('minor', 'serious', 'critical')),
    evidence            uuid[]      NOT NULL DEFAULT '{}',
    complaint_id        uuid UNIQUE REFERENCES complaints (id),
    discovered_by       uuid        NOT NULL REFERENCES users (id),
    discovered_on       date        NOT NULL,
    -- The rectification (整改) and its lifecycle.
    status              text        NOT NULL CHECK (status IN ('recorded', 'open', 'rectifying', 'submitted', 'verified', 'closed')),
    order_no            text UNIQUE,
    responsible_org_id  uuid REFERENCES orgs (id),
    responsible_person  text,
    measure             text,
    deadline            date,
    submission_note     text,
    submission_evidence uuid[]      NOT NULL DEFAULT '{}',
    reopen_reason       text,
    reopen_count        integer     NOT NULL DEFAULT 0,
    ordered_at          timestamptz,
    submitted_at        timestamptz,
    verified_at         timestamptz,
    closed_at           timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (campaign_id, seq),
    CHECK ((status = 'recorded') = (responsible_org_id IS NULL)),
    CHECK (status = 'recorded' OR (deadline IS NOT NULL AND deadline >= discovered_on AND length(measure) > 0))
);
CREATE INDEX findings_responsible ON findings (responsible_org_id, deadline) WHERE status <> 'closed';
CREATE INDEX findings_open_deadline ON findings (division_code, deadline) WHERE status <> 'closed';

-- Orders to correct (责令改正) are numbered across the platform; a number
-- lost to a rolled-back order is a gap, never a duplicate.
CREATE SEQUENCE rectification_order_numbers;

-- The complaint a finding came from points back at it (supervision owns the
-- column; 00017 left it without a key until this table existed).
ALTER TABLE complaints ADD CONSTRAINT complaints_finding_fk FOREIGN KEY (finding_id) REFERENCES findings (id);

-- +goose Down
ALTER TABLE complaints DROP CONSTRAINT complaints_finding_fk;
DROP TABLE findings;
DROP TABLE campaign_draws;
DROP TABLE campaigns;
DROP SEQUENCE rectification_order_numbers;
