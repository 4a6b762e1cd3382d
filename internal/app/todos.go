package app

import "huhang/internal/todos"

// todoProviders are the domains' contributions to the to-do feed. A later
// domain (duty, supervision, inspections, alerts) adds its provider here.
func todoProviders(s *Services) []todos.Provider {
	return []todos.Provider{}
}
