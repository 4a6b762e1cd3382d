// Package migrations holds the SQL schema, applied in order by goose and
// embedded in the binary so a deployment needs no files beside it.
package migrations

import "embed"

// FS holds every NNNNN_name.sql migration.
//
//go:embed *.sql
var FS embed.FS
