-- +goose Up
-- Students (学生): the ID number is personal information. It is kept only as
-- AES-256-GCM ciphertext (with the id of the key that sealed it, so keys can
-- rotate), a keyed HMAC for exact lookup and duplicate detection, and the
-- masked form lists show. No column holds the plaintext.
CREATE TABLE students (
    id             uuid PRIMARY KEY,
    school_id      uuid NOT NULL REFERENCES orgs (id),
    user_id        uuid UNIQUE REFERENCES users (id),
    student_no     text NOT NULL CHECK (length(student_no) BETWEEN 1 AND 32),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    id_cipher      bytea NOT NULL,
    id_key_id      text NOT NULL,
    id_hash        bytea NOT NULL,
    id_masked      text NOT NULL,
    gender         text NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date     date NOT NULL,
    major          text NOT NULL CHECK (length(major) BETWEEN 1 AND 64),
    major_category text NOT NULL CHECK (length(major_category) BETWEEN 1 AND 64),
    enrolled_on    date NOT NULL,
    class_name     text NOT NULL CHECK (length(class_name) BETWEEN 1 AND 64),
    phone          text NOT NULL DEFAULT '',
    guardian_name  text NOT NULL DEFAULT '',
    guardian_phone text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (school_id, student_no),
    UNIQUE (school_id, id_hash)
);
CREATE INDEX students_school_class_idx ON students (school_id, class_name, id);
CREATE INDEX students_hash_idx ON students (id_hash);

-- Uploaded evidence (PDF, JPEG, PNG); the bytes live in the configured storage.
CREATE TABLE files (
    id           uuid PRIMARY KEY,
    org_id       uuid REFERENCES orgs (id),
    uploaded_by  uuid NOT NULL REFERENCES users (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size         bigint NOT NULL CHECK (size > 0),
    sha256       text NOT NULL,
    storage_key  text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Placements (实习安排): one student on one post under one plan (domain.md §5.2).
CREATE TABLE placements (
    id               uuid PRIMARY KEY,
    plan_id          uuid NOT NULL REFERENCES plans (id),
    plan_type        text NOT NULL CHECK (plan_type IN ('cognitive', 'post')),
    school_id        uuid NOT NULL REFERENCES orgs (id),
    student_id       uuid NOT NULL REFERENCES students (id),
    post_id          uuid NOT NULL REFERENCES posts (id),
    enterprise_id    uuid NOT NULL REFERENCES enterprises (org_id),
    status           text NOT NULL CHECK (status IN ('proposed', 'confirmed', 'declined', 'ready', 'active',
                                                     'completed', 'terminated', 'transferred')),
    starts_on        date NOT NULL,
    ends_on          date NOT NULL CHECK (ends_on >= starts_on),
    instructor_id    uuid REFERENCES users (id),
    mentor_id        uuid REFERENCES users (id),
    decline_reason   text,
    end_reason       text,
    transferred_from uuid UNIQUE REFERENCES placements (id),
    confirmed_at     timestamptz,
    activated_at     timestamptz,
    ended_at         timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'declined' OR length(decline_reason) > 0),
    CHECK (status NOT IN ('terminated', 'transferred') OR length(end_reason) > 0)
);
-- A student has at most one active post placement (Art 16 and domain.md §5.2);
-- the service checks first, and this index settles races.
CREATE UNIQUE INDEX placements_one_active_post_idx ON placements (student_id) WHERE status = 'active' AND plan_type = 'post';
-- A student is placed once per plan at a time: a new placement under the same
-- plan needs the earlier one declined or ended.
CREATE UNIQUE INDEX placements_one_open_per_plan_idx ON placements (plan_id, student_id)
    WHERE status IN ('proposed', 'confirmed', 'ready', 'active');
CREATE INDEX placements_plan_idx ON placements (plan_id, status, id);
CREATE INDEX placements_enterprise_idx ON placements (enterprise_id, status, id);
CREATE INDEX placements_student_idx ON placements (student_id);
CREATE INDEX placements_instructor_idx ON placements (instructor_id);
CREATE INDEX placements_mentor_idx ON placements (mentor_id);

-- The documents a placement needs before it may start; data holds the
-- kind's fields, validated by the service.
CREATE TABLE placement_documents (
    placement_id uuid NOT NULL REFERENCES placements (id),
    kind         text NOT NULL CHECK (kind IN ('agreement', 'consent', 'training', 'insurance')),
    data         jsonb NOT NULL,
    file_id      uuid REFERENCES files (id),
    updated_by   uuid NOT NULL REFERENCES users (id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (placement_id, kind)
);

-- One pay record per placement and month (Art 18), with its R-PAY verdict
-- stored as recorded: an underpayment is kept as evidence, not refused.
CREATE TABLE pay_records (
    id           uuid PRIMARY KEY,
    placement_id uuid NOT NULL REFERENCES placements (id),
    month        date NOT NULL CHECK (extract(day FROM month) = 1),
    amount_fen   bigint NOT NULL CHECK (amount_fen >= 0),
    paid_on      date NOT NULL,
    method       text NOT NULL CHECK (method IN ('bank_transfer', 'mobile_payment', 'cash', 'in_kind')),
    required_fen bigint NOT NULL,
    compliant    boolean NOT NULL,
    message      text NOT NULL,
    recorded_by  uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (placement_id, month)
);

-- Reports of a fee, deposit or withheld ID (Art 20); open ones block activation.
CREATE TABLE fee_reports (
    id           uuid PRIMARY KEY,
    placement_id uuid NOT NULL REFERENCES placements (id),
    kind         text NOT NULL CHECK (kind IN ('fee', 'deposit', 'withheld_id')),
    description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    amount_fen   bigint CHECK (amount_fen >= 0),
    reported_by  uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolved_by  uuid REFERENCES users (id),
    resolution   text
);
CREATE INDEX fee_reports_placement_idx ON fee_reports (placement_id);

-- +goose Down
DROP TABLE fee_reports;
DROP TABLE pay_records;
DROP TABLE placement_documents;
DROP TABLE placements;
DROP TABLE files;
DROP TABLE students;
