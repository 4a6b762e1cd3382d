// Package apidoc embeds the OpenAPI 3 document of the Huhang API. The file is
// maintained by hand beside the code: every new route is added here in the
// same commit, and the HTTP tests check every response against it.
package apidoc

import _ "embed"

//go:embed openapi.json
var OpenAPI []byte
