-- +goose Up
-- A school may withdraw a proposal before the placement starts (a wrong
-- student or post): withdrawn, with a reason, instead of terminating what
-- never began (domain.md §5.2: termination only after activation).
ALTER TABLE placements DROP CONSTRAINT placements_status_check;
ALTER TABLE placements ADD CONSTRAINT placements_status_check
    CHECK (status IN ('proposed', 'confirmed', 'declined', 'ready', 'active',
                      'completed', 'terminated', 'transferred', 'withdrawn'));
ALTER TABLE placements ADD CONSTRAINT placements_withdrawn_reason_check
    CHECK (status <> 'withdrawn' OR length(end_reason) > 0);

-- Art 9: the school confirms the scanned consent form; a student's own
-- upload stays unconfirmed until it does. Replacing a document clears it.
ALTER TABLE placement_documents ADD COLUMN confirmed_at timestamptz;
ALTER TABLE placement_documents ADD COLUMN confirmed_by uuid REFERENCES users (id);
ALTER TABLE placement_documents ADD CONSTRAINT placement_documents_confirmed_check
    CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL));

-- Art 20 names guarantees (担保) beside fees, deposits and withheld IDs.
-- Amounts are capped like every amount (1,000,000 yuan).
ALTER TABLE fee_reports DROP CONSTRAINT fee_reports_kind_check;
ALTER TABLE fee_reports ADD CONSTRAINT fee_reports_kind_check
    CHECK (kind IN ('fee', 'deposit', 'guarantee', 'withheld_id'));
ALTER TABLE fee_reports DROP CONSTRAINT fee_reports_amount_fen_check;
ALTER TABLE fee_reports ADD CONSTRAINT fee_reports_amount_fen_check CHECK (amount_fen BETWEEN 0 AND 100000000);
ALTER TABLE pay_records DROP CONSTRAINT pay_records_amount_fen_check;
ALTER TABLE pay_records ADD CONSTRAINT pay_records_amount_fen_check CHECK (amount_fen BETWEEN 0 AND 100000000);

-- The competent bureau and the plan page list the open reports of a plan.
CREATE INDEX fee_reports_open_idx ON fee_reports (placement_id) WHERE resolved_at IS NULL;

-- +goose Down
DROP INDEX fee_reports_open_idx;
ALTER TABLE pay_records DROP CONSTRAINT pay_records_amount_fen_check;
ALTER TABLE pay_records ADD CONSTRAINT pay_records_amount_fen_check CHECK (amount_fen >= 0);
ALTER TABLE fee_reports DROP CONSTRAINT fee_reports_amount_fen_check;
ALTER TABLE fee_reports ADD CONSTRAINT fee_reports_amount_fen_check CHECK (amount_fen >= 0);
UPDATE fee_reports SET kind = 'fee' WHERE kind = 'guarantee';
ALTER TABLE fee_reports DROP CONSTRAINT fee_reports_kind_check;
ALTER TABLE fee_reports ADD CONSTRAINT fee_reports_kind_check CHECK (kind IN ('fee', 'deposit', 'withheld_id'));
ALTER TABLE placement_documents DROP CONSTRAINT placement_documents_confirmed_check;
ALTER TABLE placement_documents DROP COLUMN confirmed_by;
ALTER TABLE placement_documents DROP COLUMN confirmed_at;
ALTER TABLE placements DROP CONSTRAINT placements_withdrawn_reason_check;
UPDATE placements SET status = 'terminated' WHERE status = 'withdrawn';
ALTER TABLE placements DROP CONSTRAINT placements_status_check;
ALTER TABLE placements ADD CONSTRAINT placements_status_check
    CHECK (status IN ('proposed', 'confirmed', 'declined', 'ready', 'active',
                      'completed', 'terminated', 'transferred'));
