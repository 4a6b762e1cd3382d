-- +goose Up
-- Dashboards (issue 15). A request must not pay for the size of the raw
-- tables, so the figures live in summary rows per unit (a school, or a
-- division for what belongs to no school), which the worker recomputes
-- from the raw tables whenever something of the unit changed and once a
-- day for the figures that move with the date. A request reads only the
-- summary rows of the units in its scope.

-- What changed since the last refresh. Statement-level triggers append one
-- row per unit a statement touched; the refresher claims rows with DELETE …
-- RETURNING before it reads the raw tables, so a write committed after the
-- claim leaves its own row behind for the next round and nothing is missed,
-- without a lock that writers would queue on.
CREATE TABLE stats_changes (
    seq  bigserial PRIMARY KEY,
    -- 'unit': a school id, or 'd:' || division code for rows without a
    -- school; 'enterprise': an enterprise id (its quota figures).
    kind text NOT NULL CHECK (kind IN ('unit', 'enterprise')),
    ref  text NOT NULL
);

CREATE TABLE stats_units (
    unit_key            text PRIMARY KEY,
    school_id           uuid REFERENCES orgs (id),
    division_code       char(6) NOT NULL REFERENCES divisions (code),
    -- The business day the date-dependent figures were computed for.
    as_of               date NOT NULL,
    refreshed_at        timestamptz NOT NULL,
    plans               jsonb NOT NULL DEFAULT '{}',
    review_waiting      integer NOT NULL DEFAULT 0,
    -- The waiting time is taken at read time from these two.
    review_oldest_at    timestamptz,
    review_sum_epoch    double precision NOT NULL DEFAULT 0,
    placements          jsonb NOT NULL DEFAULT '{}',
    duty_today_due      integer NOT NULL DEFAULT 0,
    duty_today_covered  integer NOT NULL DEFAULT 0,
    duty_week_due       integer NOT NULL DEFAULT 0,
    duty_week_covered   integer NOT NULL DEFAULT 0,
    patrol_gaps         integer NOT NULL DEFAULT 0,
    incidents_total     integer NOT NULL DEFAULT 0,
    incidents_open      integer NOT NULL DEFAULT 0,
    alerts_open         integer NOT NULL DEFAULT 0,
    alerts_by_severity  jsonb NOT NULL DEFAULT '{}',
    alerts_by_rule      jsonb NOT NULL DEFAULT '{}',
    findings            jsonb NOT NULL DEFAULT '{}',
    findings_overdue    integer NOT NULL DEFAULT 0,
    -- Kept with the unit rather than in rows of their own, so that an
    -- overview reads one row per unit in its scope and nothing else:
    -- {"<monday>": [check-ins, patrols, incidents, alerts, findings,
    --  plans submitted]} for the last 12 weeks;
    weeks               jsonb NOT NULL DEFAULT '{}',
    -- [[enterprise id, interns on post today, open alerts, critical,
    --  open findings]] per host of the unit's interns or signals;
    hosts               jsonb NOT NULL DEFAULT '[]',
    -- [[placement id, open alerts, critical, open incidents]] for the
    -- placements with open signals (the risk list).
    risk                jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX stats_units_division_idx ON stats_units (division_code);
-- The daily roll-over finds the units computed for an earlier day.
CREATE INDEX stats_units_as_of_idx ON stats_units (as_of);

-- Art 11's quotas are per host across every school, so they are kept per
-- enterprise: interns on post today against the on-post staff.
CREATE TABLE stats_enterprises (
    enterprise_id uuid PRIMARY KEY REFERENCES orgs (id),
    as_of         date NOT NULL,
    interns       integer NOT NULL,
    staff         integer NOT NULL,
    over_unit     boolean NOT NULL,
    posts_over    integer NOT NULL
);
CREATE INDEX stats_enterprises_as_of_idx ON stats_enterprises (as_of);
-- An overview reads the hosts over a quota, not every host of its scope.
CREATE INDEX stats_enterprises_over_idx ON stats_enterprises (enterprise_id) WHERE over_unit OR posts_over > 0;

-- A bureau's lists scope by the schools of its subtree (ANY (ARRAY(SELECT
-- id FROM orgs WHERE kind = 'school' AND division_code in range))): at
-- province scale a city holds some fifty schools among thousands of
-- enterprises, and the array is compared with every row the list reads.
CREATE INDEX orgs_school_division_idx ON orgs (division_code text_pattern_ops, id) WHERE kind = 'school';

-- The rectification board of a school or host (issue 13): the findings
-- ordered to it, in the board's order.
CREATE INDEX findings_board_responsible_idx ON findings (responsible_org_id, (status = 'closed'), COALESCE(deadline, 'infinity'::date), id)
    WHERE status <> 'recorded';

-- What a unit's refresh reads, by index.
CREATE INDEX alerts_school_raised_idx ON alerts (school_id, raised_at) WHERE school_id IS NOT NULL;
CREATE INDEX alerts_division_unattached_idx ON alerts (division_code, raised_at) WHERE school_id IS NULL;
CREATE INDEX findings_school_idx ON findings (school_id, discovered_on) WHERE school_id IS NOT NULL;
CREATE INDEX findings_division_unattached_idx ON findings (division_code, discovered_on) WHERE school_id IS NULL;
CREATE INDEX findings_enterprise_idx ON findings (enterprise_id) WHERE enterprise_id IS NOT NULL AND status <> 'closed';
CREATE INDEX plans_school_submitted_idx ON plans (school_id, submitted_at) WHERE submitted_at IS NOT NULL;
CREATE INDEX supervision_records_incidents_idx ON supervision_records (placement_id) WHERE kind = 'incident';
CREATE INDEX placements_enterprise_post_idx ON placements (enterprise_id, post_id)
    WHERE plan_type = 'post' AND status IN ('confirmed', 'ready', 'active');

-- +goose StatementBegin
CREATE FUNCTION stats_mark_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref) SELECT DISTINCT 'unit', school_id::text FROM changed;
    RETURN NULL;
END $$;

-- Placements also move their host's quota figures.
CREATE FUNCTION stats_mark_placement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref)
        SELECT DISTINCT 'unit', school_id::text FROM changed
        UNION SELECT DISTINCT 'enterprise', enterprise_id::text FROM changed;
    RETURN NULL;
END $$;

-- Alerts and findings may belong to no school: those count for their division.
CREATE FUNCTION stats_mark_school_or_division() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref)
        SELECT DISTINCT 'unit', COALESCE(school_id::text, 'd:' || division_code) FROM changed;
    RETURN NULL;
END $$;

CREATE FUNCTION stats_mark_roster_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref)
        SELECT DISTINCT 'unit', dr.school_id::text FROM (SELECT DISTINCT roster_id FROM changed) c
        JOIN duty_rosters dr ON dr.id = c.roster_id;
    RETURN NULL;
END $$;

CREATE FUNCTION stats_mark_placement_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref)
        SELECT DISTINCT 'unit', pl.school_id::text FROM (SELECT DISTINCT placement_id FROM changed) c
        JOIN placements pl ON pl.id = c.placement_id;
    RETURN NULL;
END $$;

CREATE FUNCTION stats_mark_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref) SELECT DISTINCT 'enterprise', enterprise_id::text FROM changed;
    RETURN NULL;
END $$;

CREATE FUNCTION stats_mark_enterprise_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref) SELECT DISTINCT 'enterprise', org_id::text FROM changed;
    RETURN NULL;
END $$;

CREATE FUNCTION stats_mark_new_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_changes (kind, ref) SELECT 'unit', id::text FROM changed WHERE kind = 'school';
    RETURN NULL;
END $$;

-- PostgreSQL allows a transition table on a trigger of one event only,
-- hence three triggers per table.
CREATE PROCEDURE stats_watch(tbl text, fn text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', tbl || '_stats_ins', tbl, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', tbl || '_stats_upd', tbl, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', tbl || '_stats_del', tbl, fn);
END $$;
-- +goose StatementEnd

CALL stats_watch('plans', 'stats_mark_school');
CALL stats_watch('duty_rosters', 'stats_mark_school');
CALL stats_watch('placements', 'stats_mark_placement');
CALL stats_watch('alerts', 'stats_mark_school_or_division');
CALL stats_watch('findings', 'stats_mark_school_or_division');
CALL stats_watch('duty_checkins', 'stats_mark_roster_school');
CALL stats_watch('patrols', 'stats_mark_roster_school');
CALL stats_watch('supervision_records', 'stats_mark_placement_school');
CALL stats_watch('posts', 'stats_mark_enterprise');
CALL stats_watch('enterprises', 'stats_mark_enterprise_org');
-- A new school shows on the dashboards before anything of it changed.
CREATE TRIGGER orgs_stats_ins AFTER INSERT ON orgs REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_new_school();
-- A plan's submission time lives in plan_versions too, but every submission
-- also updates the plan row, which the plans triggers see.

-- Everything that exists before this migration is summarised on the first refresh.
INSERT INTO stats_changes (kind, ref)
    SELECT 'unit', id::text FROM orgs WHERE kind = 'school'
    UNION ALL SELECT DISTINCT 'unit', 'd:' || division_code FROM alerts WHERE school_id IS NULL
    UNION ALL SELECT DISTINCT 'unit', 'd:' || division_code FROM findings WHERE school_id IS NULL
    UNION ALL SELECT 'enterprise', org_id::text FROM enterprises;

-- +goose Down
DROP TRIGGER plans_stats_ins ON plans;
DROP TRIGGER plans_stats_upd ON plans;
DROP TRIGGER plans_stats_del ON plans;
DROP TRIGGER duty_rosters_stats_ins ON duty_rosters;
DROP TRIGGER duty_rosters_stats_upd ON duty_rosters;
DROP TRIGGER duty_rosters_stats_del ON duty_rosters;
DROP TRIGGER placements_stats_ins ON placements;
DROP TRIGGER placements_stats_upd ON placements;
DROP TRIGGER placements_stats_del ON placements;
DROP TRIGGER alerts_stats_ins ON alerts;
DROP TRIGGER alerts_stats_upd ON alerts;
DROP TRIGGER alerts_stats_del ON alerts;
DROP TRIGGER findings_stats_ins ON findings;
DROP TRIGGER findings_stats_upd ON findings;
DROP TRIGGER findings_stats_del ON findings;
DROP TRIGGER duty_checkins_stats_ins ON duty_checkins;
DROP TRIGGER duty_checkins_stats_upd ON duty_checkins;
DROP TRIGGER duty_checkins_stats_del ON duty_checkins;
DROP TRIGGER patrols_stats_ins ON patrols;
DROP TRIGGER patrols_stats_upd ON patrols;
DROP TRIGGER patrols_stats_del ON patrols;
DROP TRIGGER supervision_records_stats_ins ON supervision_records;
DROP TRIGGER supervision_records_stats_upd ON supervision_records;
DROP TRIGGER supervision_records_stats_del ON supervision_records;
DROP TRIGGER posts_stats_ins ON posts;
DROP TRIGGER posts_stats_upd ON posts;
DROP TRIGGER posts_stats_del ON posts;
DROP TRIGGER enterprises_stats_ins ON enterprises;
DROP TRIGGER enterprises_stats_upd ON enterprises;
DROP TRIGGER enterprises_stats_del ON enterprises;
DROP TRIGGER orgs_stats_ins ON orgs;
DROP PROCEDURE stats_watch(text, text);
DROP FUNCTION stats_mark_new_school();
DROP FUNCTION stats_mark_enterprise_org();
DROP FUNCTION stats_mark_enterprise();
DROP FUNCTION stats_mark_placement_school();
DROP FUNCTION stats_mark_roster_school();
DROP FUNCTION stats_mark_school_or_division();
DROP FUNCTION stats_mark_placement();
DROP FUNCTION stats_mark_school();
DROP INDEX findings_board_responsible_idx;
DROP INDEX orgs_school_division_idx;
DROP INDEX placements_enterprise_post_idx;
DROP INDEX supervision_records_incidents_idx;
DROP INDEX plans_school_submitted_idx;
DROP INDEX findings_enterprise_idx;
DROP INDEX findings_division_unattached_idx;
DROP INDEX findings_school_idx;
DROP INDEX alerts_division_unattached_idx;
DROP INDEX alerts_school_raised_idx;
DROP TABLE stats_enterprises;
DROP TABLE stats_units;
DROP TABLE stats_changes;
