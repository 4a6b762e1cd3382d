-- +goose Up
-- Internship plans (实习方案): the unit of filing with the competent bureau.
-- The row holds the working copy the school edits; every submission freezes
-- a snapshot in plan_versions, so a returned plan's history stays readable.
CREATE TABLE plans (
    id                    uuid PRIMARY KEY,
    school_id             uuid NOT NULL REFERENCES orgs (id),
    status                text NOT NULL CHECK (status IN ('draft', 'awaiting_cosign', 'cosigned', 'submitted', 'returned',
                                                          'approved', 'rejected', 'revoked', 'withdrawn', 'in_progress', 'completed')),
    -- The number the next submission will carry; submitted versions are 1, 2, …
    version               integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    type                  text NOT NULL CHECK (type IN ('cognitive', 'post')),
    title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 128),
    major                 text NOT NULL CHECK (length(major) BETWEEN 1 AND 64),
    major_category        text NOT NULL CHECK (length(major_category) BETWEEN 1 AND 64),
    cohort                text NOT NULL CHECK (length(cohort) BETWEEN 1 AND 32),
    starts_on             date NOT NULL,
    ends_on               date NOT NULL CHECK (ends_on >= starts_on),
    content               text NOT NULL DEFAULT '',
    safety_measures       text NOT NULL DEFAULT '',
    emergency_plan        text NOT NULL DEFAULT '',
    insurance_arrangement text NOT NULL DEFAULT '',
    -- The bureau that reviews: the school's division, or the city for cross-province plans (Art 24).
    review_division       text NOT NULL,
    filing_no             text UNIQUE,
    approved_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_school_idx ON plans (school_id, id);
CREATE INDEX plans_review_queue_idx ON plans (review_division text_pattern_ops, status);

CREATE TABLE plan_posts (
    plan_id       uuid NOT NULL REFERENCES plans (id),
    post_id       uuid NOT NULL REFERENCES posts (id),
    enterprise_id uuid NOT NULL REFERENCES enterprises (org_id),
    planned_count integer NOT NULL CHECK (planned_count >= 1),
    pay_fen       bigint NOT NULL CHECK (pay_fen >= 0),
    PRIMARY KEY (plan_id, post_id)
);
CREATE INDEX plan_posts_enterprise_idx ON plan_posts (enterprise_id);

-- Special arrangements under Art 17 (night, rest day, high-risk work), each with its reason.
CREATE TABLE plan_special_arrangements (
    id      uuid PRIMARY KEY,
    plan_id uuid NOT NULL REFERENCES plans (id),
    covers  text NOT NULL CHECK (covers IN ('night', 'restday', 'highrisk')),
    post_id uuid NOT NULL REFERENCES posts (id),
    reason  text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    UNIQUE (plan_id, covers, post_id)
);

-- The school's instructors and the hosts' mentors the plan names (Art 8).
CREATE TABLE plan_staff (
    plan_id uuid NOT NULL REFERENCES plans (id),
    user_id uuid NOT NULL REFERENCES users (id),
    kind    text NOT NULL CHECK (kind IN ('instructor', 'mentor')),
    PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX plan_staff_user_idx ON plan_staff (user_id);

-- One co-signature per host enterprise and plan version.
CREATE TABLE plan_cosigns (
    plan_id       uuid NOT NULL REFERENCES plans (id),
    version       integer NOT NULL,
    enterprise_id uuid NOT NULL REFERENCES enterprises (org_id),
    decision      text NOT NULL CHECK (decision IN ('signed', 'declined')),
    reason        text,
    decided_by    uuid NOT NULL REFERENCES users (id),
    decided_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version, enterprise_id),
    CHECK (decision = 'signed' OR length(reason) > 0)
);

-- Every submitted version, frozen, with how the bureau answered it.
CREATE TABLE plan_versions (
    plan_id        uuid NOT NULL REFERENCES plans (id),
    version        integer NOT NULL,
    snapshot       jsonb NOT NULL,
    submitted_at   timestamptz NOT NULL,
    submitted_by   uuid NOT NULL REFERENCES users (id),
    outcome        text CHECK (outcome IN ('returned', 'approved', 'rejected', 'withdrawn')),
    reasons        jsonb,
    comment        text,
    reviewed_at    timestamptz,
    reviewed_by    uuid REFERENCES users (id),
    PRIMARY KEY (plan_id, version)
);

-- Exemptions the school requested for override rules, and the auditor's decision.
CREATE TABLE plan_exemptions (
    plan_id    uuid NOT NULL REFERENCES plans (id),
    version    integer NOT NULL,
    rule       text NOT NULL,
    reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    decision   text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'granted', 'refused')),
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    PRIMARY KEY (plan_id, version, rule)
);

-- Filing numbers DIVISION-YEAR-NNNN: the counter row is locked by the approving
-- transaction, so numbers are gapless (a rolled-back approval returns its number)
-- and unique under concurrent approvals.
CREATE TABLE filing_counters (
    division_code text NOT NULL,
    year          integer NOT NULL,
    last          integer NOT NULL,
    PRIMARY KEY (division_code, year)
);

-- +goose Down
DROP TABLE filing_counters;
DROP TABLE plan_exemptions;
DROP TABLE plan_versions;
DROP TABLE plan_cosigns;
DROP TABLE plan_special_arrangements;
DROP TABLE plan_staff;
DROP TABLE plan_posts;
DROP TABLE plans;
