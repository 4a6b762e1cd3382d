package server_test

import "net/http"

var supervisionRoutes = []route{
	{method: "GET", path: "/api/v1/supervision/settings", request: get(fixed("/api/v1/supervision/settings")),
		want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
	{method: "PUT", path: "/api/v1/supervision/settings", request: func(m *matrixCtx) *http.Request {
		return jsonReq("PUT", "/api/v1/supervision/settings", map[string]any{"incident_ack_hours": 4, "log_frequency": "daily",
			"process_weight": 40, "mentor_weight": 60})
	}, want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
}

func init() { matrix = append(matrix, supervisionRoutes...) }
