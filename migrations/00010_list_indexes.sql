-- +goose Up
-- Lists that stay complete and index-served at province scale. Every list
-- builds its WHERE from the filters actually set (internal/platform/sqlb);
-- these indexes serve those predicates in generic plans too.
-- internal/scale's test fails when one of them is dropped.

-- Trigram search for student names and numbers (pg_trgm is a trusted
-- extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The review queue pages by (submitted_at, id). The latest submission moves
-- onto the plan so that one index orders the queue; plan_versions stays the
-- history. The trigger keeps it whoever writes a version (the submit use
-- case, seeds, imports), so no writer can forget it.
ALTER TABLE plans ADD COLUMN submitted_at timestamptz;
UPDATE plans p SET submitted_at = v.at
FROM (SELECT plan_id, max(submitted_at) AS at FROM plan_versions GROUP BY plan_id) v
WHERE v.plan_id = p.id;

-- +goose StatementBegin
CREATE FUNCTION plans_track_submission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plans SET submitted_at = NEW.submitted_at
    WHERE id = NEW.plan_id AND (submitted_at IS NULL OR submitted_at < NEW.submitted_at);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER plan_versions_track_submission AFTER INSERT ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION plans_track_submission();

-- The queue of one reviewing division: submitted plans only, oldest first.
DROP INDEX plans_review_queue_idx;
CREATE INDEX plans_review_queue_idx ON plans (review_division, submitted_at, id) WHERE status = 'submitted';

-- A school's students and placements, and an enterprise's placements, in
-- id order: the first page reads its 51 rows and stops.
CREATE INDEX students_school_idx ON students (school_id, id);
CREATE INDEX placements_school_idx ON placements (school_id, id);
CREATE INDEX placements_enterprise_id_idx ON placements (enterprise_id, id);
CREATE INDEX students_name_trgm_idx ON students USING gin (name gin_trgm_ops);
CREATE INDEX students_no_trgm_idx ON students USING gin (student_no gin_trgm_ops);

-- The scope of a school over organisations includes the enterprises it registered.
CREATE INDEX enterprises_registered_by_idx ON enterprises (registered_by_org) WHERE registered_by_org IS NOT NULL;
-- An organisation's users in id order.
CREATE INDEX users_org_idx ON users (org_id, id);

-- +goose Down
DROP INDEX users_org_idx;
DROP INDEX enterprises_registered_by_idx;
DROP INDEX students_no_trgm_idx;
DROP INDEX students_name_trgm_idx;
DROP INDEX placements_enterprise_id_idx;
DROP INDEX placements_school_idx;
DROP INDEX students_school_idx;
DROP INDEX plans_review_queue_idx;
CREATE INDEX plans_review_queue_idx ON plans (review_division text_pattern_ops, status);
DROP TRIGGER plan_versions_track_submission ON plan_versions;
DROP FUNCTION plans_track_submission;
ALTER TABLE plans DROP COLUMN submitted_at;
DROP EXTENSION IF EXISTS pg_trgm;
