package rules

import (
	"strings"

	"huhang/internal/platform/apperr"
)

// Exemption lets one override rule pass for one subject: "host:<id>",
// "post:<id>" or "plan". For the quota rules (Art 11) it carries the number
// of interns allowed on that host or post over the period: it covers a
// result only while the interns counted stay within that number, so an
// exemption for 12 does not silently cover 30.
type Exemption struct {
	Rule    string
	Subject string
	Allowed int
}

// IsQuota says the rule is one of Art 11's quotas, whose exemptions carry a number.
func IsQuota(rule string) bool { return rule == "R-QUOTA-UNIT" || rule == "R-QUOTA-POST" }

// Covers says whether e lets result r pass.
func (e Exemption) Covers(r Result) bool {
	if e.Rule != r.Rule || strings.TrimSpace(e.Subject) != r.Subject {
		return false
	}
	return !IsQuota(r.Rule) || r.Count <= e.Allowed
}

// BlockingExempt turns the results that stop the action into violations:
// every failed block rule, and every failed override rule that no exemption
// covers for its subject. Warn and route results never block.
func BlockingExempt(results []Result, exemptions []Exemption) []apperr.Violation {
	var out []apperr.Violation
	for _, r := range results {
		if r.Passed {
			continue
		}
		if r.Effect == EffectOverride && covered(r, exemptions) {
			continue
		}
		if r.Effect == EffectBlock || r.Effect == EffectOverride {
			out = append(out, apperr.Violation{Rule: r.Rule, Article: r.Article, Message: r.Message, Subject: r.Subject})
		}
	}
	return out
}

func covered(r Result, exemptions []Exemption) bool {
	for _, e := range exemptions {
		if e.Covers(r) {
			return true
		}
	}
	return false
}

// ConfirmBlocking is BlockingExempt for the placement confirm stage, whose
// quota results speak of the placement: it reads them as results on the
// placement's host (R-QUOTA-UNIT) and post (R-QUOTA-POST) with the interns
// counted there, so a plan's exemption for that host or post, with its
// number, is honoured and nothing wider.
func ConfirmBlocking(results []Result, in PlacementInput, granted []Exemption) []apperr.Violation {
	mapped := make([]Result, len(results))
	for i, r := range results {
		switch r.Rule {
		case "R-QUOTA-UNIT":
			r.Subject, r.Count = "host:"+in.Host.ID, in.Host.Interns
		case "R-QUOTA-POST":
			r.Subject, r.Count = "post:"+in.Post.ID, in.Post.Interns
		}
		mapped[i] = r
	}
	v := BlockingExempt(mapped, granted)
	for i := range v {
		v[i].Subject = subjectPlacement
	}
	return v
}
