-- +goose Up
-- An enterprise may correct a month's pay record; the record shows when, and
-- the audit trail keeps what it said before.
ALTER TABLE pay_records ADD COLUMN corrected_at timestamptz;

-- +goose Down
ALTER TABLE pay_records DROP COLUMN corrected_at;
