package alerts

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	raised          *prometheus.CounterVec
	webhookFailures prometheus.Counter
	claimed         prometheus.Counter
}

func newMetrics() *metrics {
	return &metrics{
		raised: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "huhang_alerts_raised_total",
			Help: "Alerts written to the inbox by this process, by rule."}, []string{"rule"}),
		webhookFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "huhang_alert_webhook_failures_total",
			Help: "Failed attempts to notify an outside channel."}),
		claimed: prometheus.NewCounter(prometheus.CounterOpts{Name: "huhang_alert_messages_claimed_total",
			Help: "Stream messages taken over from a consumer that did not acknowledge them (XAUTOCLAIM)."}),
	}
}

// Register adds the alert metrics to reg: the counters of this process and
// the pipeline's state read at each scrape (outbox backlog, the group's lag,
// pending messages per consumer).
func (s *Service) Register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{s.metrics.raised, s.metrics.webhookFailures, s.metrics.claimed, pipelineCollector{s}} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

var (
	backlogDesc = prometheus.NewDesc("huhang_alert_outbox_backlog", "Outbox rows not yet sent (state=unsent) or sent but not delivered (state=undelivered).",
		[]string{"state"}, nil)
	lagDesc     = prometheus.NewDesc("huhang_alert_stream_lag", "Stream entries the consumer group has not read yet.", nil, nil)
	pendingDesc = prometheus.NewDesc("huhang_alert_stream_pending", "Messages read but not acknowledged, by consumer.",
		[]string{"consumer"}, nil)
)

type pipelineCollector struct{ s *Service }

func (c pipelineCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- backlogDesc
	ch <- lagDesc
	ch <- pendingDesc
}

// Collect reads the state at scrape time, bounded so a sick Redis or
// database slows a scrape by two seconds at most; what cannot be read is
// left out rather than reported as zero.
func (c pipelineCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if b, err := outboxBacklog(ctx, c.s.pool); err == nil {
		ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(b.Unsent), "unsent")
		ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(b.Undelivered), "undelivered")
	}
	if c.s.rdb == nil {
		return
	}
	if groups, err := c.s.rdb.XInfoGroups(ctx, c.s.streamKey()).Result(); err == nil {
		for _, g := range groups {
			if g.Name == groupName && g.Lag >= 0 {
				ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, float64(g.Lag))
			}
		}
	}
	if p, err := c.s.rdb.XPending(ctx, c.s.streamKey(), groupName).Result(); err == nil {
		for consumer, n := range p.Consumers {
			ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(n), consumer)
		}
	}
}
