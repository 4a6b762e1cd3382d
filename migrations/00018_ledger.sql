-- +goose Up
-- The inspection ledger (专项排查台账, Art 45): evidence against schools and
-- enterprises, so it only grows. Each row is one finding or one state change
-- of a ledger (a campaign's), and carries the SHA-256 of the previous row of
-- the same ledger and of its own canonical content, so a row rewritten behind
-- the application's back breaks the chain at exactly that row.
CREATE TABLE ledger_entries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ledger_id    uuid        NOT NULL,
    seq          integer     NOT NULL CHECK (seq >= 1),
    kind         text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    subject_type text        NOT NULL CHECK (length(subject_type) BETWEEN 1 AND 64),
    subject_id   uuid        NOT NULL,
    -- A correction is a new row naming the row it corrects; nothing is edited.
    corrects     bigint REFERENCES ledger_entries (id),
    actor_id     uuid,
    recorded_at  timestamptz NOT NULL,
    -- Exactly the bytes that were hashed: the columns above repeated as
    -- canonical JSON, plus the entry's data.
    content      text        NOT NULL,
    prev_hash    bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash         bytea       NOT NULL CHECK (length(hash) = 32),
    UNIQUE (ledger_id, seq)
);
CREATE INDEX ledger_entries_subject ON ledger_entries (subject_id);

-- The database refuses to rewrite history, whatever the application does.
-- +goose StatementBegin
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP
        USING ERRCODE = 'prohibited_sql_statement_attempted',
              HINT = 'record a correcting entry instead';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
-- And the privileges say the same, also to the owner (the role the
-- application connects as): a bug gets "permission denied" before the
-- trigger even runs.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM CURRENT_USER;

-- +goose Down
DROP TABLE ledger_entries;
DROP FUNCTION ledger_entries_append_only();
