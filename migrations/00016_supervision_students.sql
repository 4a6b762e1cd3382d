-- +goose Up
-- Student logs, leave and lodging, and the assessment as the supervision
-- service runs them (Art 21, 24, 27); 00014 laid the tables down.

-- Lodging outside the dormitory is approved by the instructor (and the
-- mentor where it applies) and then waits for the school's filing before it
-- counts (Art 24): a state of its own, so the school's to-do list can find it.
ALTER TABLE leaves DROP CONSTRAINT leaves_status_check;
ALTER TABLE leaves ADD CONSTRAINT leaves_status_check
    CHECK (status IN ('requested', 'approved', 'rejected', 'returned', 'awaiting_filing', 'filed', 'withdrawn'));
ALTER TABLE leaves ADD COLUMN returned_by uuid REFERENCES users (id);
ALTER TABLE leaves ADD CONSTRAINT leaves_filed_is_lodging
    CHECK (status NOT IN ('awaiting_filing', 'filed') OR kind = 'lodging');
ALTER TABLE leaves ADD CONSTRAINT leaves_filed_stamped
    CHECK (status <> 'filed' OR (filed_at IS NOT NULL AND filed_by IS NOT NULL));
CREATE INDEX leaves_open_idx ON leaves (status) WHERE status IN ('requested', 'awaiting_filing');

CREATE INDEX student_logs_open_idx ON student_logs (status) WHERE status = 'submitted';

-- Each side gives a process and a result score; the weights in force when
-- the grade was finalised stay with it, so a later change of the school's
-- settings does not rewrite a finished grade.
ALTER TABLE assessments
    ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalized')),
    ADD COLUMN mentor_process_score integer CHECK (mentor_process_score BETWEEN 0 AND 100),
    ADD COLUMN instructor_process_score integer CHECK (instructor_process_score BETWEEN 0 AND 100),
    ADD COLUMN process_weight integer CHECK (process_weight BETWEEN 20 AND 80),
    ADD COLUMN mentor_weight integer CHECK (mentor_weight BETWEEN 20 AND 80),
    ADD CONSTRAINT assessments_finalized_whole CHECK (status <> 'finalized' OR (final_score IS NOT NULL AND grade IS NOT NULL
        AND finalized_at IS NOT NULL AND finalized_by IS NOT NULL AND process_weight IS NOT NULL AND mentor_weight IS NOT NULL));

-- +goose Down
ALTER TABLE assessments DROP CONSTRAINT assessments_finalized_whole,
    DROP COLUMN mentor_weight, DROP COLUMN process_weight, DROP COLUMN instructor_process_score,
    DROP COLUMN mentor_process_score, DROP COLUMN status;
DROP INDEX student_logs_open_idx;
DROP INDEX leaves_open_idx;
ALTER TABLE leaves DROP CONSTRAINT leaves_filed_stamped;
ALTER TABLE leaves DROP CONSTRAINT leaves_filed_is_lodging;
ALTER TABLE leaves DROP COLUMN returned_by;
ALTER TABLE leaves DROP CONSTRAINT leaves_status_check;
ALTER TABLE leaves ADD CONSTRAINT leaves_status_check
    CHECK (status IN ('requested', 'approved', 'rejected', 'returned', 'filed', 'withdrawn'));
