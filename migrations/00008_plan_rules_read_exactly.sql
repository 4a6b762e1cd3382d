-- +goose Up
-- The 2021 regulation read exactly (issue 9), plan side.

-- R-ABROAD (Art 25): a host abroad or in Hong Kong, Macau or Taiwan (境外) is
-- registered with an ISO 3166-1 alpha-2 region code instead of a GB/T 2260
-- division code; exactly one of the two is set, and only hosts may be abroad.
ALTER TABLE orgs ALTER COLUMN division_code DROP NOT NULL,
    ADD COLUMN region_code text CHECK (region_code ~ '^[A-Z]{2}$' AND region_code <> 'CN'),
    ADD CONSTRAINT orgs_division_or_region CHECK ((division_code IS NULL) <> (region_code IS NULL)),
    ADD CONSTRAINT orgs_region_only_enterprises CHECK (region_code IS NULL OR kind = 'enterprise');

-- R-HOURS (Art 17): the unpaid break inside one shift, so the shift's working
-- time (end − start − break) can be held against the declared daily hours.
ALTER TABLE posts ADD COLUMN break_minutes integer NOT NULL DEFAULT 0 CHECK (break_minutes BETWEEN 0 AND 1439);

-- Money and sizes: at most 1,000,000 yuan and 100,000 people. The services
-- answer 400 first; these keep a bug from storing more. NOT VALID: rows that
-- already exist are not re-checked, new and changed rows are.
ALTER TABLE posts ADD CONSTRAINT posts_wage_cap CHECK (wage_fen <= 100000000) NOT VALID,
    ADD CONSTRAINT posts_headcount_cap CHECK (headcount <= 100000) NOT VALID;
ALTER TABLE enterprises ADD CONSTRAINT enterprises_headcount_cap CHECK (headcount <= 100000) NOT VALID;
ALTER TABLE plan_posts ADD CONSTRAINT plan_posts_caps CHECK (planned_count <= 100000 AND pay_fen <= 100000000) NOT VALID;

-- R-HOURS: Art 17 lets a filed special arrangement cover overtime too.
ALTER TABLE plan_special_arrangements DROP CONSTRAINT plan_special_arrangements_covers_check,
    ADD CONSTRAINT plan_special_arrangements_covers_check CHECK (covers IN ('night', 'restday', 'highrisk', 'overtime'));

-- R-CROSSPROV (Art 24 ¶2): the school's own competent bureau consents, then
-- records the filing with the provincial department (date and reference).
-- cross_border is derived from the hosts whenever the plan is drafted.
ALTER TABLE plans
    ADD COLUMN cross_border text NOT NULL DEFAULT '' CHECK (cross_border IN ('', 'province', 'abroad')),
    ADD COLUMN crossprov_consented_at timestamptz,
    ADD COLUMN crossprov_consented_by uuid REFERENCES users (id),
    ADD COLUMN crossprov_consent_comment text NOT NULL DEFAULT '' CHECK (length(crossprov_consent_comment) <= 2000),
    ADD COLUMN provincial_filed_on date,
    ADD COLUMN provincial_filing_ref text CHECK (length(provincial_filing_ref) BETWEEN 1 AND 64),
    ADD COLUMN provincial_recorded_at timestamptz,
    ADD COLUMN provincial_recorded_by uuid REFERENCES users (id),
    ADD CONSTRAINT plans_consent_complete CHECK ((crossprov_consented_at IS NULL) = (crossprov_consented_by IS NULL)),
    ADD CONSTRAINT plans_filing_complete CHECK ((provincial_filed_on IS NULL) = (provincial_filing_ref IS NULL)
        AND (provincial_filed_on IS NULL) = (provincial_recorded_at IS NULL)),
    ADD CONSTRAINT plans_filing_after_consent CHECK (provincial_filed_on IS NULL OR crossprov_consented_at IS NOT NULL);
UPDATE plans p SET cross_border = 'province'
WHERE EXISTS (SELECT 1 FROM plan_posts pp JOIN orgs e ON e.id = pp.enterprise_id JOIN orgs s ON s.id = p.school_id
              WHERE pp.plan_id = p.id AND left(e.division_code, 2) IS DISTINCT FROM left(s.division_code, 2));
-- Undecided plans go back to the school's own bureau (the city is not the competent bureau of a county school).
UPDATE plans p SET review_division = s.division_code FROM orgs s
WHERE s.id = p.school_id AND p.status IN ('draft', 'awaiting_cosign', 'cosigned', 'submitted', 'returned')
  AND p.review_division <> s.division_code;

-- R-ABROAD: the instructor who accompanies the students on site for the whole period.
ALTER TABLE plan_staff ADD COLUMN on_site boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT plan_staff_on_site_instructor CHECK (NOT on_site OR kind = 'instructor');

-- R-QUOTA exemptions per host and post with the number allowed, not per rule
-- for the whole plan. Earlier rule-wide requests keep subject 'plan' and no
-- number: they no longer cover any quota (fail closed, for the students).
ALTER TABLE plan_exemptions
    ADD COLUMN subject text NOT NULL DEFAULT 'plan'
        CHECK (subject ~ '^(plan|host:[0-9a-f-]{36}|post:[0-9a-f-]{36})$'),
    ADD COLUMN allowed_count integer CHECK (allowed_count BETWEEN 1 AND 100000),
    ADD CONSTRAINT plan_exemptions_quota_count CHECK (rule NOT IN ('R-QUOTA-UNIT', 'R-QUOTA-POST') OR subject = 'plan' OR allowed_count IS NOT NULL);
ALTER TABLE plan_exemptions DROP CONSTRAINT plan_exemptions_pkey, ADD PRIMARY KEY (plan_id, version, rule, subject);

-- +goose Down
ALTER TABLE plan_exemptions DROP CONSTRAINT plan_exemptions_pkey;
DELETE FROM plan_exemptions a USING plan_exemptions b
WHERE a.plan_id = b.plan_id AND a.version = b.version AND a.rule = b.rule AND a.subject > b.subject;
ALTER TABLE plan_exemptions ADD PRIMARY KEY (plan_id, version, rule),
    DROP CONSTRAINT plan_exemptions_quota_count, DROP COLUMN allowed_count, DROP COLUMN subject;
ALTER TABLE plan_staff DROP CONSTRAINT plan_staff_on_site_instructor, DROP COLUMN on_site;
ALTER TABLE plans DROP CONSTRAINT plans_filing_after_consent, DROP CONSTRAINT plans_filing_complete,
    DROP CONSTRAINT plans_consent_complete,
    DROP COLUMN provincial_recorded_by, DROP COLUMN provincial_recorded_at, DROP COLUMN provincial_filing_ref,
    DROP COLUMN provincial_filed_on, DROP COLUMN crossprov_consent_comment, DROP COLUMN crossprov_consented_by,
    DROP COLUMN crossprov_consented_at, DROP COLUMN cross_border;
DELETE FROM plan_special_arrangements WHERE covers = 'overtime';
ALTER TABLE plan_special_arrangements DROP CONSTRAINT plan_special_arrangements_covers_check,
    ADD CONSTRAINT plan_special_arrangements_covers_check CHECK (covers IN ('night', 'restday', 'highrisk'));
ALTER TABLE plan_posts DROP CONSTRAINT plan_posts_caps;
ALTER TABLE enterprises DROP CONSTRAINT enterprises_headcount_cap;
ALTER TABLE posts DROP CONSTRAINT posts_headcount_cap, DROP CONSTRAINT posts_wage_cap, DROP COLUMN break_minutes;
ALTER TABLE orgs DROP CONSTRAINT orgs_region_only_enterprises, DROP CONSTRAINT orgs_division_or_region, DROP COLUMN region_code;
ALTER TABLE orgs ALTER COLUMN division_code SET NOT NULL;
