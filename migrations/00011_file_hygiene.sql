-- +goose Up
-- An upload nobody attaches within a day is removed by the worker. attached_at
-- marks a file once any record has pointed at it: evidence stays even after a
-- newer scan replaces it, since the audit trail names it. Files attached
-- before this column existed are marked from the documents that hold them.
ALTER TABLE files ADD COLUMN attached_at timestamptz;
UPDATE files f SET attached_at = d.updated_at
    FROM (SELECT file_id, min(updated_at) AS updated_at FROM placement_documents WHERE file_id IS NOT NULL GROUP BY file_id) d
    WHERE d.file_id = f.id;
-- The cleanup reads the oldest unattached uploads first.
CREATE INDEX files_unattached_idx ON files (created_at) WHERE attached_at IS NULL;

-- +goose Down
DROP INDEX files_unattached_idx;
ALTER TABLE files DROP COLUMN attached_at;
