package rules

// ResultJSON is a rule result as the API shows it; plans and placements both
// answer checklists in this one shape, so the client renders them alike.
type ResultJSON struct {
	Rule    string `json:"rule"`
	Article string `json:"article"`
	Effect  Effect `json:"effect"`
	Passed  bool   `json:"passed"`
	Covered bool   `json:"covered"`
	Subject string `json:"subject"`
	Message string `json:"message"`
	// Count is what a quota rule counted for its subject (0 otherwise).
	Count int `json:"count"`
}

// ResultsJSON renders results for the API, never nil.
func ResultsJSON(results []Result) []ResultJSON {
	out := make([]ResultJSON, 0, len(results))
	for _, r := range results {
		out = append(out, ResultJSON{Rule: r.Rule, Article: r.Article, Effect: r.Effect, Passed: r.Passed,
			Covered: r.Covered, Subject: r.Subject, Message: r.Message, Count: r.Count})
	}
	return out
}
