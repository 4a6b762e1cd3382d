-- +goose Up
-- Every placement read says whether its plan has an instructor on site for
-- the whole period (R-ABROAD, Art 25). Few staff rows are on site, so a small
-- partial index answers that without reading plan_staff, even when the
-- planner hashes the subquery for a whole page.
CREATE INDEX plan_staff_on_site_idx ON plan_staff (plan_id) WHERE on_site;

-- +goose Down
DROP INDEX plan_staff_on_site_idx;
