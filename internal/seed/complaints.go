package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/platform/pii"
	"huhang/internal/supervision"
)

// demoComplaintUntriaged is the complaint 南江县教育局 finds waiting: a
// parent's, about hours and pay at the host of 南江's placements.
const demoComplaintUntriaged = "我是南江县小河职业中学一名实习学生的家长。孩子在光雾山景区做导览员，最近两周每天从早上八点干到晚上九点，" +
	"周六周日也要上班，说是旺季不能休息；单位还说实习报酬要等实习结束才一起发。请教育局核实处理。"

// demoComplaintResolved is one 通江县教育局 has answered, so the
// complainant's status page and the ledger show a finished case.
const demoComplaintResolved = "通江县银耳食品有限公司要求实习学生交 500 元“工装押金”，说实习结束才退。学校老师说不清楚这件事。"

// Complaints files the demo's two complaints as the public form would (one
// naming a school, one naming a host enterprise) and has 通江县教育局
// answer the second. It does nothing once the first exists.
func Complaints(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, error) {
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM complaints WHERE content = $1)`, demoComplaintUntriaged).Scan(&exists); err != nil {
		return 0, fmt.Errorf("seed: complaints: %w", err)
	}
	if exists {
		return 0, nil
	}
	// Each step runs on a clock set back to when it happened.
	at := func(days, hours int) *supervision.Service {
		return newServices(pool, keys, store, now.Add(-time.Duration(days*24+hours)*time.Hour)).Supervision
	}
	var school uuid.UUID
	if err := pool.QueryRow(ctx, `SELECT id FROM orgs WHERE kind = 'school' AND name = '南江县小河职业中学'`).Scan(&school); err != nil {
		return 0, fmt.Errorf("seed: complaints: %w", err)
	}
	if _, err := at(3, 5).ReceiveComplaint(ctx, "", supervision.NewComplaint{SchoolID: &school,
		EnterpriseName: "光雾山旅游服务有限公司", Content: demoComplaintUntriaged, Contact: "王女士（学生家长），请通过学校联系"}); err != nil {
		return 0, fmt.Errorf("seed: complaint to 南江: %w", err)
	}
	resolved, err := at(12, 2).ReceiveComplaint(ctx, "", supervision.NewComplaint{EnterpriseName: "通江县银耳食品有限公司",
		Content: demoComplaintResolved})
	if err != nil {
		return 0, fmt.Errorf("seed: complaint to 通江: %w", err)
	}
	county1, err := orgsSvc.CredentialsByUsername(ctx, "county1")
	if err != nil {
		return 0, err
	}
	if _, err := at(11, 4).StartComplaint(ctx, county1.Actor, resolved.ID); err != nil {
		return 0, fmt.Errorf("seed: start complaint: %w", err)
	}
	_, err = at(8, 1).TriageComplaint(ctx, county1.Actor, resolved.ID, supervision.Triage{Outcome: supervision.OutcomeResolved,
		Reply: "经核查，该企业确曾向实习学生收取工装押金，违反《职业学校学生实习管理规定》第二十条。已责令企业全额退还，学校已逐一核实到人。感谢您的监督。",
		Note:  "电话联系企业人事负责人，现场核对退款凭证 12 份。"})
	if err != nil {
		return 0, fmt.Errorf("seed: triage complaint: %w", err)
	}
	return 2, nil
}
