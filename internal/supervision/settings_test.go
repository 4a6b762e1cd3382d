package supervision_test

import (
	"strings"
	"testing"

	"huhang/internal/testapp"
)

func TestSettingsDefaultThenSetWhole(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	var st struct {
		IncidentAckHours int     `json:"incident_ack_hours"`
		LogFrequency     string  `json:"log_frequency"`
		ProcessWeight    int     `json:"process_weight"`
		MentorWeight     int     `json:"mentor_weight"`
		UpdatedAt        *string `json:"updated_at"`
	}
	school.Get("/api/v1/supervision/settings").JSON(&st)
	if st.IncidentAckHours != 2 || st.LogFrequency != "weekly" || st.ProcessWeight != 50 || st.UpdatedAt != nil {
		t.Fatalf("defaults: %+v", st)
	}
	// Attendance-heavy weights and a week to acknowledge an injury are refused, every field named.
	r := school.SendJSON("PUT", "/api/v1/supervision/settings", map[string]any{"incident_ack_hours": 168, "log_frequency": "monthly",
		"process_weight": 95, "mentor_weight": 10})
	if r.Code != 400 || strings.Count(r.Body.String(), `"field"`) != 4 {
		t.Fatalf("bad settings: %d %s", r.Code, r.Body)
	}
	r = school.SendJSON("PUT", "/api/v1/supervision/settings", map[string]any{"incident_ack_hours": 4, "log_frequency": "daily",
		"process_weight": 40, "mentor_weight": 60})
	if r.Code != 200 {
		t.Fatalf("set: %d %s", r.Code, r.Body)
	}
	school.Get("/api/v1/supervision/settings").JSON(&st)
	if st.IncidentAckHours != 4 || st.LogFrequency != "daily" || st.ProcessWeight != 40 || st.MentorWeight != 60 || st.UpdatedAt == nil {
		t.Fatalf("after set: %+v", st)
	}
	// Another school keeps its own.
	app.Login("school2").Get("/api/v1/supervision/settings").JSON(&st)
	if st.IncidentAckHours != 2 {
		t.Fatalf("school2's settings changed: %+v", st)
	}
}
