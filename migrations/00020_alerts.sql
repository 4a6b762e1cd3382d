-- +goose Up
-- Early warning (预警, domain.md §7). PostgreSQL holds the truth; the Redis
-- stream is only transport (architecture.md §1).

-- What a use case or a rule scan raised, written in the same transaction as
-- its cause. The relay moves rows to the stream and marks them sent only
-- after XADD succeeded; the consumer marks them delivered in the transaction
-- that writes the alert. A row sent but never delivered (Redis lost it in a
-- restart, or trimmed it) is sent again, and the dedupe key keeps a second
-- delivery from making a second alert.
CREATE TABLE alert_outbox (
    id           bigserial PRIMARY KEY,
    dedupe_key   text        NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    send_count   integer     NOT NULL DEFAULT 0,
    delivered_at timestamptz
);
CREATE INDEX alert_outbox_unsent_idx ON alert_outbox (id) WHERE sent_at IS NULL;
CREATE INDEX alert_outbox_undelivered_idx ON alert_outbox (sent_at) WHERE sent_at IS NOT NULL AND delivered_at IS NULL;

CREATE TABLE alerts (
    id               uuid PRIMARY KEY,
    -- rule + subject + business day: one alert however often it is raised.
    dedupe_key       text        NOT NULL UNIQUE,
    rule             text        NOT NULL CHECK (rule ~ '^A-[A-Z-]{2,30}$'),
    severity         text        NOT NULL CHECK (severity IN ('minor', 'serious', 'critical')),
    subject_type     text        NOT NULL,
    subject_id       uuid        NOT NULL,
    business_day     date        NOT NULL,
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    detail           text        NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    link             text        NOT NULL DEFAULT '',
    -- The organisations that must act; a null one is not concerned.
    school_id        uuid REFERENCES orgs (id),
    enterprise_id    uuid REFERENCES orgs (id),
    bureau_id        uuid REFERENCES orgs (id),
    division_code    char(6)     NOT NULL REFERENCES divisions (code),
    status           text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    -- raised_at is when the cause was recorded (the outbox row), so the age
    -- an auditor sorts by does not restart when Redis delayed the delivery.
    raised_at        timestamptz NOT NULL,
    delivered_at     timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  uuid REFERENCES users (id),
    resolved_at      timestamptz,
    resolved_by      uuid REFERENCES users (id),
    resolve_note     text,
    escalation_level integer     NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
    escalated_to     uuid REFERENCES orgs (id),
    escalated_at     timestamptz,
    -- Outside channels (webhook): what to say next and when to try.
    notify_event     text        NOT NULL DEFAULT 'alert.raised',
    notify_due_at    timestamptz,
    notify_attempts  integer     NOT NULL DEFAULT 0,
    notify_error     text,
    updated_at       timestamptz NOT NULL,
    CHECK ((status = 'open') = (acknowledged_at IS NULL AND resolved_at IS NULL) OR status <> 'open'),
    CHECK (status <> 'resolved' OR (resolved_at IS NOT NULL AND length(resolve_note) > 0)),
    CHECK ((escalation_level = 0) = (escalated_to IS NULL))
);
CREATE INDEX alerts_division_idx ON alerts (division_code, status);
CREATE INDEX alerts_school_idx ON alerts (school_id, status) WHERE school_id IS NOT NULL;
CREATE INDEX alerts_enterprise_idx ON alerts (enterprise_id, status) WHERE enterprise_id IS NOT NULL;
-- A scan raises a standing condition again only when no unresolved alert
-- of the rule is on the subject.
CREATE INDEX alerts_unresolved_idx ON alerts (rule, subject_id) WHERE status <> 'resolved';
CREATE INDEX alerts_escalation_idx ON alerts (raised_at) WHERE status = 'open' AND severity = 'critical';
-- The bureaus' to-dos: the competent one's and the one escalated to.
CREATE INDEX alerts_bureau_open_idx ON alerts (bureau_id) WHERE status = 'open';
CREATE INDEX alerts_escalated_open_idx ON alerts (escalated_to) WHERE status = 'open';
-- A scan skips what is already on its way.
CREATE INDEX alert_outbox_pending_key_idx ON alert_outbox (dedupe_key) WHERE delivered_at IS NULL;
CREATE INDEX alerts_notify_idx ON alerts (notify_due_at) WHERE notify_due_at IS NOT NULL;

-- What happened to an alert, shown with it: raised, acknowledged,
-- resolved, escalated (and to whom).
CREATE TABLE alert_history (
    id         bigserial PRIMARY KEY,
    alert_id   uuid        NOT NULL REFERENCES alerts (id),
    at         timestamptz NOT NULL,
    action     text        NOT NULL CHECK (action IN ('raise', 'ack', 'resolve', 'escalate')),
    actor_id   uuid REFERENCES users (id),
    actor_name text        NOT NULL,
    note       text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000)
);
CREATE INDEX alert_history_alert_idx ON alert_history (alert_id, id);

-- +goose Down
DROP TABLE alert_history;
DROP TABLE alerts;
DROP TABLE alert_outbox;
