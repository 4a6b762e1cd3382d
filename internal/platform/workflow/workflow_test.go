package workflow_test

import (
	"errors"
	"testing"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/workflow"
	"huhang/internal/platform/workflow/workflowtest"
)

type (
	state  string
	action string
	role   string
)

var door = workflow.Table[state, action, role]{
	Subject:   "门",
	System:    "system",
	StateName: func(s state) string { return string(s) },
	RoleName:  func(r role) string { return string(r) },
	Edges: map[action]workflow.Edge[state, role]{
		"open":  {From: []state{"closed"}, To: "open", By: []role{"porter"}},
		"close": {From: []state{"open"}, To: "closed", By: []role{"porter", "guest"}},
		"lock":  {From: []state{"closed"}, To: "locked"},
	},
}

func TestApply(t *testing.T) {
	got, err := door.Apply("closed", "open", "porter")
	if err != nil || got != "open" {
		t.Fatalf("open: %v %v", got, err)
	}
	_, err = door.Apply("open", "open", "porter")
	if !errors.Is(err, workflow.ErrInvalidTransition) || apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("wrong state: %v", err)
	}
	_, err = door.Apply("closed", "open", "guest")
	if !errors.Is(err, workflow.ErrInvalidTransition) || apperr.KindOf(err) != apperr.KindForbidden {
		t.Fatalf("wrong role: %v", err)
	}
	if _, err := door.Apply("closed", "lock", "porter"); apperr.KindOf(err) != apperr.KindForbidden {
		t.Fatalf("a person took a system edge: %v", err)
	}
	if got, err := door.Apply("closed", "lock", "system"); err != nil || got != "locked" {
		t.Fatalf("system lock: %v %v", got, err)
	}
	if _, err := door.Apply("closed", "smash", "porter"); apperr.KindOf(err) != apperr.KindInternal {
		t.Fatalf("unknown action: %v", err)
	}
}

func TestExactly(t *testing.T) {
	workflowtest.Exactly(t, door, []state{"open", "closed", "locked"}, []role{"porter", "guest", "system"},
		[]workflowtest.Move[state, action, role]{
			{From: "closed", Action: "open", Role: "porter", To: "open"},
			{From: "open", Action: "close", Role: "porter", To: "closed"},
			{From: "open", Action: "close", Role: "guest", To: "closed"},
			{From: "closed", Action: "lock", Role: "system", To: "locked"},
		})
}
