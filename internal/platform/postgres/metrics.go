package postgres

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// PoolCollector exports pgxpool statistics so saturation shows before users
// feel it: a growing empty_acquire_total or acquire_wait_seconds_total says
// requests queue for connections and HUHANG_DB_MAX_CONNS (or the database)
// is too small.
type PoolCollector struct {
	pool  *pgxpool.Pool
	descs []poolMetric
}

type poolMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(*pgxpool.Stat) float64
}

func NewPoolCollector(pool *pgxpool.Pool) *PoolCollector {
	m := func(name, help string, kind prometheus.ValueType, value func(*pgxpool.Stat) float64) poolMetric {
		return poolMetric{desc: prometheus.NewDesc("huhang_db_pool_"+name, help, nil, nil), kind: kind, value: value}
	}
	g, c := prometheus.GaugeValue, prometheus.CounterValue
	return &PoolCollector{pool: pool, descs: []poolMetric{
		m("connections", "Open connections in the pool.", g, func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }),
		m("idle_connections", "Idle connections in the pool.", g, func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }),
		m("acquired_connections", "Connections currently in use.", g, func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }),
		m("constructing_connections", "Connections being opened.", g, func(s *pgxpool.Stat) float64 { return float64(s.ConstructingConns()) }),
		m("max_connections", "Upper bound of the pool (HUHANG_DB_MAX_CONNS).", g, func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }),
		m("acquire_total", "Connections handed out by the pool.", c, func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }),
		m("acquire_seconds_total", "Time spent acquiring connections, waiting or not.", c, func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }),
		m("empty_acquire_total", "Acquires that had to wait for a connection.", c, func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }),
		m("acquire_wait_seconds_total", "Time spent waiting for a connection.", c, func(s *pgxpool.Stat) float64 { return s.EmptyAcquireWaitTime().Seconds() }),
		m("canceled_acquire_total", "Acquires given up because the request ended or timed out.", c, func(s *pgxpool.Stat) float64 { return float64(s.CanceledAcquireCount()) }),
		m("new_connections_total", "Connections opened since start.", c, func(s *pgxpool.Stat) float64 { return float64(s.NewConnsCount()) }),
	}}
}

func (c *PoolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, m := range c.descs {
		ch <- m.desc
	}
}

func (c *PoolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	for _, m := range c.descs {
		ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value(s))
	}
}
