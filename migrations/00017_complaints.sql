-- +goose Up
-- Complaints (Art 45) as the public form and the bureau's triage use them.
-- 00014 drew the table before the workflow was settled; nothing writes it
-- before this migration, so the new columns may be NOT NULL at once.
--
-- The lifecycle: received → triaging (the bureau has taken it up) →
-- resolved, dismissed, or referred (to be turned into an inspection finding).
ALTER TABLE complaints DROP CONSTRAINT complaints_status_check;
ALTER TABLE complaints DROP CONSTRAINT complaints_triage_outcome_check;
ALTER TABLE complaints DROP CONSTRAINT complaints_content_check;
ALTER TABLE complaints
    ADD CONSTRAINT complaints_status_check CHECK (status IN ('received', 'triaging', 'resolved', 'dismissed', 'referred')),
    ADD CONSTRAINT complaints_triage_outcome_check CHECK (triage_outcome IN ('resolved', 'dismissed', 'inspection')),
    ADD CONSTRAINT complaints_content_check CHECK (length(content) BETWEEN 1 AND 2000),
    -- The competent bureau the complaint was routed to, and why: the school
    -- named, the host enterprise named, or the city bureau when neither was clear.
    ADD COLUMN bureau_id    uuid NOT NULL REFERENCES orgs (id),
    ADD COLUMN route_basis  text NOT NULL CHECK (route_basis IN ('school', 'enterprise', 'default')),
    ADD COLUMN route_note   text NOT NULL,
    -- What the complainant reads with the reference and code.
    ADD COLUMN public_reply text,
    ADD COLUMN started_by   uuid REFERENCES users (id),
    ADD COLUMN started_at   timestamptz,
    -- A referred complaint waits for the inspections domain to record the
    -- finding it became; no foreign key, as that table belongs to a later migration.
    ADD COLUMN finding_id   uuid,
    ADD COLUMN updated_at   timestamptz NOT NULL,
    ADD CONSTRAINT complaints_triaged CHECK ((status IN ('resolved', 'dismissed', 'referred')) =
        (triage_outcome IS NOT NULL AND triaged_at IS NOT NULL AND public_reply IS NOT NULL)),
    ADD CONSTRAINT complaints_finding_only_if_referred CHECK (finding_id IS NULL OR status = 'referred');
-- The to-do feed asks for one bureau's open complaints, oldest first.
CREATE INDEX complaints_open_idx ON complaints (bureau_id, created_at) WHERE status IN ('received', 'triaging');

-- +goose Down
DROP INDEX complaints_open_idx;
ALTER TABLE complaints
    DROP CONSTRAINT complaints_finding_only_if_referred,
    DROP CONSTRAINT complaints_triaged,
    DROP COLUMN updated_at, DROP COLUMN finding_id, DROP COLUMN started_at, DROP COLUMN started_by,
    DROP COLUMN public_reply, DROP COLUMN route_note, DROP COLUMN route_basis, DROP COLUMN bureau_id,
    DROP CONSTRAINT complaints_content_check, DROP CONSTRAINT complaints_triage_outcome_check, DROP CONSTRAINT complaints_status_check;
ALTER TABLE complaints
    ADD CONSTRAINT complaints_status_check CHECK (status IN ('received', 'triaged', 'closed')),
    ADD CONSTRAINT complaints_triage_outcome_check CHECK (triage_outcome IN ('finding', 'referred', 'dismissed')),
    ADD CONSTRAINT complaints_content_check CHECK (length(content) BETWEEN 1 AND 5000);
