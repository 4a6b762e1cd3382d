package server_test

// statsPath asks for the dashboard of the side's school: a bureau sees
// schools of its subtree, a school only itself.
func statsPath(suffix string) func(m *matrixCtx) string {
	return func(m *matrixCtx) string {
		return "/api/v1/stats/overview" + suffix + "?school=" + m.pick(m.s.schoolOwn, m.s.schoolForeign)
	}
}

// statsReaders: bureau auditors over their subtree and school administrators
// over their school; nobody else has a dashboard.
var statsReaders = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

var statsRoutes = []route{
	{method: "GET", path: "/api/v1/stats/overview", request: get(statsPath("")), want: statsReaders},
	{method: "GET", path: "/api/v1/stats/overview.xlsx", request: get(statsPath(".xlsx")), want: statsReaders},
}

func init() { matrix = append(matrix, statsRoutes...) }
