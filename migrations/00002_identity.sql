-- +goose Up
-- Administrative divisions (GB/T 2260). Scope checks compare code prefixes, so
-- the code is the key, not a surrogate id.
CREATE TABLE divisions (
    code        char(6) PRIMARY KEY CHECK (code ~ '^[1-9][0-9]{5}$'),
    name        text NOT NULL,
    parent_code char(6) REFERENCES divisions (code),
    level       text NOT NULL CHECK (level IN ('province', 'city', 'county'))
);

INSERT INTO divisions (code, name, parent_code, level) VALUES
    ('510000', '四川省', NULL, 'province'),
    ('510100', '成都市', '510000', 'city'),
    ('510300', '自贡市', '510000', 'city'),
    ('510400', '攀枝花市', '510000', 'city'),
    ('510500', '泸州市', '510000', 'city'),
    ('510600', '德阳市', '510000', 'city'),
    ('510700', '绵阳市', '510000', 'city'),
    ('510800', '广元市', '510000', 'city'),
    ('510900', '遂宁市', '510000', 'city'),
    ('511000', '内江市', '510000', 'city'),
    ('511100', '乐山市', '510000', 'city'),
    ('511300', '南充市', '510000', 'city'),
    ('511400', '眉山市', '510000', 'city'),
    ('511500', '宜宾市', '510000', 'city'),
    ('511600', '广安市', '510000', 'city'),
    ('511700', '达州市', '510000', 'city'),
    ('511800', '雅安市', '510000', 'city'),
    ('511900', '巴中市', '510000', 'city'),
    ('512000', '资阳市', '510000', 'city'),
    ('513200', '阿坝藏族羌族自治州', '510000', 'city'),
    ('513300', '甘孜藏族自治州', '510000', 'city'),
    ('513400', '凉山彝族自治州', '510000', 'city'),
    ('511902', '巴州区', '511900', 'county'),
    ('511903', '恩阳区', '511900', 'county'),
    ('511921', '通江县', '511900', 'county'),
    ('511922', '南江县', '511900', 'county'),
    ('511923', '平昌县', '511900', 'county');

-- Organisations: bureaus, schools and enterprises. The identity issue grows
-- this table (credit codes, sites, flags); the foundation needs it so that a
-- user always belongs to a real organisation.
CREATE TABLE orgs (
    id            uuid PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('bureau', 'school', 'enterprise')),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    division_code char(6) NOT NULL REFERENCES divisions (code),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, name, division_code)
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
    password_hash text NOT NULL,
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    role          text NOT NULL CHECK (role IN ('platform_admin', 'bureau_auditor', 'school_admin', 'teacher',
                                                'enterprise_admin', 'enterprise_mentor', 'student')),
    org_id        uuid REFERENCES orgs (id),
    phone         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz,
    -- Only the platform administrator stands outside every organisation.
    CHECK ((role = 'platform_admin') = (org_id IS NULL))
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE INDEX users_org_id_idx ON users (org_id);

-- +goose Down
DROP TABLE users;
DROP TABLE orgs;
DROP TABLE divisions;
