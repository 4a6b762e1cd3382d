-- +goose Up
-- Joint records, daily patrols and incidents (domain.md §5.3; Art 22, 23):
-- what their reads and the one-line-per-student rule need beyond 00014.

-- A patrol's lines are read and countersigned together, and a student has
-- at most one line in a patrol.
CREATE UNIQUE INDEX supervision_records_patrol_line_idx ON supervision_records (patrol_id, placement_id)
    WHERE patrol_id IS NOT NULL;
-- Patrols are listed per roster, newest day first.
CREATE INDEX patrols_roster_day_idx ON patrols (roster_id, day DESC);
-- Incidents still waiting for the school (the to-do feed and the bureaus' lists).
CREATE INDEX supervision_records_incident_idx ON supervision_records (ack_due_at)
    WHERE kind = 'incident' AND status = 'reported';

-- +goose Down
DROP INDEX supervision_records_incident_idx;
DROP INDEX patrols_roster_day_idx;
DROP INDEX supervision_records_patrol_line_idx;
