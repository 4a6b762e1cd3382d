package duty_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkCheckin is one check-in through the whole HTTP stack: auth,
// binding, roster read, the store's signal queries, the insert with its
// idempotency key and the audit row, in parallel as teachers press at 08:00.
func BenchmarkCheckin(b *testing.B) {
	w := newWorld(b)
	token := w.teacher.Header.Get("Authorization")
	var seq atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			now := w.app.Clock.Now().Format(time.RFC3339)
			body := fmt.Sprintf(`{"roster_id":%q,"kind":"in","lat":%f,"lng":%f,"accuracy_m":12,"datum":"wgs84","client_time":%q,"sent_at":%q}`,
				w.roster, w.site.Lat+float64(n%97)*0.000011, w.site.Lng, now, now)
			req := httptest.NewRequest("POST", "/api/v1/duty/checkins", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-key-%d", n))
			req.Header.Set("Authorization", token)
			rec := httptest.NewRecorder()
			w.app.Handler.ServeHTTP(rec, req)
			if rec.Code != 201 {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
}
