-- +goose Up
-- Joint school–enterprise supervision (协作共管, domain.md §5.3–5.4; Art 21,
-- 23, 24, 27, 29, 45). One record both sides write and sign.

-- What each school decides for its own internships.
CREATE TABLE supervision_settings (
    school_id          uuid PRIMARY KEY REFERENCES orgs (id),
    -- How soon the school must acknowledge a reported incident.
    incident_ack_hours integer NOT NULL DEFAULT 2 CHECK (incident_ack_hours BETWEEN 1 AND 72),
    log_frequency      text NOT NULL DEFAULT 'weekly' CHECK (log_frequency IN ('daily', 'weekly')),
    -- Assessment weights in percent (Art 27: process and result combined).
    process_weight     integer NOT NULL DEFAULT 50 CHECK (process_weight BETWEEN 20 AND 80),
    mentor_weight      integer NOT NULL DEFAULT 50 CHECK (mentor_weight BETWEEN 20 AND 80),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- A daily patrol of one roster site: one form covering every intern there.
CREATE TABLE patrols (
    id          uuid PRIMARY KEY,
    roster_id   uuid NOT NULL REFERENCES duty_rosters (id),
    author_id   uuid NOT NULL REFERENCES users (id),
    day         date NOT NULL,
    summary     text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    created_at  timestamptz NOT NULL,
    UNIQUE (roster_id, day)
);

-- Joint records on a placement: patrol lines, talks, evaluations and
-- incidents. The author is the placement's instructor or mentor (a student
-- may report an incident); the other side countersigns or disputes.
CREATE TABLE supervision_records (
    id                uuid PRIMARY KEY,
    placement_id      uuid NOT NULL REFERENCES placements (id),
    kind              text NOT NULL CHECK (kind IN ('patrol', 'talk', 'evaluation', 'incident')),
    status            text NOT NULL CHECK (status IN ('awaiting_countersign', 'countersigned', 'disputed',
                                                      'reported', 'acknowledged', 'closed')),
    author_id         uuid NOT NULL REFERENCES users (id),
    author_side       text NOT NULL CHECK (author_side IN ('school', 'enterprise', 'student')),
    content           text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
    occurred_at       timestamptz NOT NULL,
    patrol_id         uuid REFERENCES patrols (id),
    attendance        text CHECK (attendance IN ('present', 'absent', 'concern')),
    countersigned_by  uuid REFERENCES users (id),
    countersigned_at  timestamptz,
    dispute_reason    text,
    -- Incidents only.
    incident_kind     text CHECK (incident_kind IN ('injury', 'missing', 'abuse', 'unpaid', 'other')),
    place             text,
    action_taken      text,
    ack_due_at        timestamptz,
    acknowledged_by   uuid REFERENCES users (id),
    acknowledged_at   timestamptz,
    outcome           text,
    closed_at         timestamptz,
    photo_file_id     uuid REFERENCES files (id),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK ((kind = 'incident') = (incident_kind IS NOT NULL)),
    CHECK (kind <> 'incident' OR status IN ('reported', 'acknowledged', 'closed')),
    CHECK (kind = 'incident' OR status IN ('awaiting_countersign', 'countersigned', 'disputed')),
    CHECK (status <> 'disputed' OR length(dispute_reason) > 0),
    CHECK ((patrol_id IS NULL) = (attendance IS NULL))
);
CREATE INDEX supervision_records_placement_idx ON supervision_records (placement_id, occurred_at);
CREATE INDEX supervision_records_open_idx ON supervision_records (status) WHERE status IN ('awaiting_countersign', 'reported');

-- Student logs (日志/周报) and the final internship report (Art 21).
CREATE TABLE student_logs (
    id            uuid PRIMARY KEY,
    placement_id  uuid NOT NULL REFERENCES placements (id),
    kind          text NOT NULL CHECK (kind IN ('daily', 'weekly', 'report')),
    period_start  date NOT NULL,
    content       text NOT NULL CHECK (length(content) BETWEEN 1 AND 20000),
    status        text NOT NULL CHECK (status IN ('submitted', 'reviewed')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (placement_id, kind, period_start)
);
-- One review per side (the school instructor and the enterprise mentor).
CREATE TABLE student_log_reviews (
    log_id      uuid NOT NULL REFERENCES student_logs (id),
    side        text NOT NULL CHECK (side IN ('school', 'enterprise')),
    reviewer_id uuid NOT NULL REFERENCES users (id),
    comment     text NOT NULL CHECK (length(comment) BETWEEN 1 AND 2000),
    score       integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (log_id, side)
);

-- Leave (请销假) and lodging outside the dormitory (Art 24).
CREATE TABLE leaves (
    id                   uuid PRIMARY KEY,
    placement_id         uuid NOT NULL REFERENCES placements (id),
    kind                 text NOT NULL CHECK (kind IN ('leave', 'lodging')),
    status               text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'returned', 'filed', 'withdrawn')),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason               text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    lodging_address      text,
    guardian_file_id     uuid REFERENCES files (id),
    needs_mentor         boolean NOT NULL,
    instructor_approved_at timestamptz,
    instructor_id        uuid REFERENCES users (id),
    mentor_approved_at   timestamptz,
    mentor_id            uuid REFERENCES users (id),
    reject_reason        text,
    returned_at          timestamptz,
    filed_at             timestamptz,
    filed_by             uuid REFERENCES users (id),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CHECK (kind <> 'lodging' OR (guardian_file_id IS NOT NULL AND length(lodging_address) > 0)),
    CHECK (status <> 'rejected' OR length(reject_reason) > 0)
);
CREATE INDEX leaves_placement_idx ON leaves (placement_id, starts_at);

-- The end-of-placement assessment (Art 27): the mentor's and the
-- instructor's parts, and the grade the school finalises.
CREATE TABLE assessments (
    placement_id       uuid PRIMARY KEY REFERENCES placements (id),
    mentor_score       integer CHECK (mentor_score BETWEEN 0 AND 100),
    mentor_comment     text,
    mentor_id          uuid REFERENCES users (id),
    instructor_score   integer CHECK (instructor_score BETWEEN 0 AND 100),
    instructor_comment text,
    instructor_id      uuid REFERENCES users (id),
    process_score      integer CHECK (process_score BETWEEN 0 AND 100),
    final_score        integer CHECK (final_score BETWEEN 0 AND 100),
    grade              text CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
    finalized_at       timestamptz,
    finalized_by       uuid REFERENCES users (id),
    updated_at         timestamptz NOT NULL
);

-- Complaints (Art 45): anyone, without an account.
CREATE TABLE complaints (
    id              uuid PRIMARY KEY,
    reference       text NOT NULL UNIQUE,
    code_hash       text NOT NULL,
    school_id       uuid REFERENCES orgs (id),
    enterprise_name text NOT NULL DEFAULT '',
    enterprise_id   uuid REFERENCES orgs (id),
    placement_ref   text NOT NULL DEFAULT '',
    content         text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
    contact         text NOT NULL DEFAULT '',
    division_code   text NOT NULL,
    status          text NOT NULL CHECK (status IN ('received', 'triaged', 'closed')),
    triage_outcome  text CHECK (triage_outcome IN ('finding', 'referred', 'dismissed')),
    triage_note     text,
    triaged_by      uuid REFERENCES users (id),
    triaged_at      timestamptz,
    client_ip       text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL
);
CREATE INDEX complaints_division_idx ON complaints (division_code text_pattern_ops, created_at);

-- +goose Down
DROP TABLE complaints;
DROP TABLE assessments;
DROP TABLE leaves;
DROP TABLE student_log_reviews;
DROP TABLE student_logs;
DROP TABLE supervision_records;
DROP TABLE patrols;
DROP TABLE supervision_settings;
