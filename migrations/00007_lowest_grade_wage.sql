-- +goose Up
-- Art 18: pay of a post internship must reach 80 % of the same post's wage
-- or the host's lowest-grade wage (本单位最低档工资标准); the enterprise
-- declares the latter, optionally. Integer fen, capped like every amount.
ALTER TABLE enterprises
    ADD COLUMN lowest_grade_wage_fen bigint CHECK (lowest_grade_wage_fen BETWEEN 0 AND 100000000);

-- +goose Down
ALTER TABLE enterprises DROP COLUMN lowest_grade_wage_fen;
