-- +goose Up
-- Teacher on-site duty (跟岗值守, domain.md §5.3; Art 23). A roster names a
-- teacher, a host site, a date range, weekdays and a daily window; the
-- placements it covers are derived per day, never listed.
CREATE TABLE duty_rosters (
    id            uuid PRIMARY KEY,
    school_id     uuid NOT NULL REFERENCES orgs (id),
    teacher_id    uuid NOT NULL REFERENCES users (id),
    enterprise_id uuid NOT NULL REFERENCES enterprises (org_id),
    starts_on     date NOT NULL,
    ends_on       date NOT NULL CHECK (ends_on >= starts_on AND ends_on - starts_on <= 366),
    -- ISO weekdays, Monday = 1.
    weekdays      smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ '{1,2,3,4,5,6,7}'),
    window_start  time NOT NULL,
    window_end    time NOT NULL CHECK (window_end > window_start),
    status        text NOT NULL CHECK (status IN ('active', 'cancelled')),
    cancel_reason text,
    cancelled_at  timestamptz,
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL) AND (status <> 'cancelled' OR length(cancel_reason) > 0))
);
CREATE INDEX duty_rosters_school_idx ON duty_rosters (school_id, starts_on);
CREATE INDEX duty_rosters_teacher_idx ON duty_rosters (teacher_id, starts_on);

-- Check-ins and check-outs. Positions are WGS-84 (converted on input);
-- occurred_at is when the teacher pressed the button (the phone's claim,
-- corrected by its clock offset), received_at the server's time.
CREATE TABLE duty_checkins (
    id              uuid PRIMARY KEY,
    roster_id       uuid NOT NULL REFERENCES duty_rosters (id),
    teacher_id      uuid NOT NULL REFERENCES users (id),
    kind            text NOT NULL CHECK (kind IN ('in', 'out')),
    lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lng             double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
    reported_datum  text NOT NULL CHECK (reported_datum IN ('wgs84', 'gcj02', 'bd09')),
    -- The position to six decimals (~0.1 m): real GPS never repeats it exactly.
    coord_key       text NOT NULL,
    accuracy_m      double precision NOT NULL CHECK (accuracy_m >= 0),
    distance_m      integer NOT NULL CHECK (distance_m >= 0),
    in_fence        boolean NOT NULL,
    anomalies       text[] NOT NULL DEFAULT '{}',
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    client_time     timestamptz NOT NULL,
    sent_at         timestamptz NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- The Shanghai day occurred_at falls on: the duty day it counts for.
    duty_day        date NOT NULL,
    received_at     timestamptz NOT NULL,
    client_ip       text NOT NULL DEFAULT '',
    user_agent      text NOT NULL DEFAULT '',
    -- A retry with the same key answers these bytes again and writes nothing.
    idempotency_key text NOT NULL,
    request_hash    text NOT NULL,
    answer          bytea NOT NULL,
    UNIQUE (teacher_id, idempotency_key)
);
CREATE INDEX duty_checkins_roster_day_idx ON duty_checkins (roster_id, duty_day);
CREATE INDEX duty_checkins_teacher_time_idx ON duty_checkins (teacher_id, occurred_at DESC);
CREATE INDEX duty_checkins_coord_idx ON duty_checkins (coord_key);

-- +goose Down
DROP TABLE duty_checkins;
DROP TABLE duty_rosters;
