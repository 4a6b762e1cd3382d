package placements

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/rules"
)

// The stored forms of the documents; the tags are the jsonb format in
// placement_documents.data and the API's field names.
type agreementDoc struct {
	SignedOn string   `json:"signed_on"`
	Signers  []string `json:"signers"`
}

type consentDoc struct {
	StudentName  string `json:"student_name"`
	GuardianName string `json:"guardian_name"`
	SignedOn     string `json:"signed_on"`
}

type trainingDoc struct {
	TrainedOn string   `json:"trained_on"`
	Passed    *bool    `json:"passed"`
	Hours     *float64 `json:"hours,omitempty"`
}

type insuranceDoc struct {
	Insurer    string `json:"insurer"`
	PolicyNo   string `json:"policy_no"`
	CoversFrom string `json:"covers_from"`
	CoversTo   string `json:"covers_to"`
	Payer      string `json:"payer"`
}

var signerNames = map[string]string{"school": "学校", "enterprise": "实习单位", "student": "学生", "guardian": "监护人"}

// DocumentInput is a document as submitted: the kind's fields plus an
// optional uploaded file.
type DocumentInput struct {
	Kind   string
	Fields any // one of the *Doc types above, decoded by the handler
	FileID *uuid.UUID
}

// A document body is the kind's fields plus an optional uploaded file; one
// type per kind so strict binding names any field the kind does not have.
type (
	agreementBody struct {
		agreementDoc
		FileID *uuid.UUID `json:"file_id"`
	}
	consentBody struct {
		consentDoc
		FileID *uuid.UUID `json:"file_id"`
	}
	trainingBody struct {
		trainingDoc
		FileID *uuid.UUID `json:"file_id"`
	}
	insuranceBody struct {
		insuranceDoc
		FileID *uuid.UUID `json:"file_id"`
	}
)

// NewDocumentBody returns an empty body of the kind for the handler to bind,
// and how to turn it into a DocumentInput; false for an unknown kind.
func NewDocumentBody(kind string) (any, func() DocumentInput, bool) {
	switch kind {
	case DocAgreement:
		b := &agreementBody{}
		return b, func() DocumentInput { return DocumentInput{Kind: kind, Fields: &b.agreementDoc, FileID: b.FileID} }, true
	case DocConsent:
		b := &consentBody{}
		return b, func() DocumentInput { return DocumentInput{Kind: kind, Fields: &b.consentDoc, FileID: b.FileID} }, true
	case DocTraining:
		b := &trainingBody{}
		return b, func() DocumentInput { return DocumentInput{Kind: kind, Fields: &b.trainingDoc, FileID: b.FileID} }, true
	case DocInsurance:
		b := &insuranceBody{}
		return b, func() DocumentInput { return DocumentInput{Kind: kind, Fields: &b.insuranceDoc, FileID: b.FileID} }, true
	}
	return nil, nil, false
}

// checkDocument validates a document's fields, all at once, and tidies them.
func checkDocument(in DocumentInput, today clock.Date) error {
	var fe apperr.FieldErrors
	date := func(field, label, value string, notAfterToday bool) {
		d, err := clock.ParseDate(strings.TrimSpace(value))
		switch {
		case strings.TrimSpace(value) == "":
			fe.Add(field, "请填写"+label)
		case err != nil:
			fe.Add(field, label+"格式应为 YYYY-MM-DD")
		case notAfterToday && today.Before(d):
			fe.Add(field, label+"不能晚于今天")
		}
	}
	text := func(field, label string, value *string, max int) {
		*value = strings.TrimSpace(*value)
		fe.Text(field, label, *value, 1, max)
	}
	switch d := in.Fields.(type) {
	case *agreementDoc:
		date("signed_on", "签订日期", d.SignedOn, true)
		if len(d.Signers) == 0 {
			fe.Add("signers", "请选择签署方")
		}
		seen := map[string]bool{}
		for i, s := range d.Signers {
			if _, ok := signerNames[s]; !ok {
				fe.Add(fmt.Sprintf("signers[%d]", i), "签署方只能是学校、实习单位、学生或监护人")
			} else if seen[s] {
				fe.Add(fmt.Sprintf("signers[%d]", i), signerNames[s]+"重复")
			}
			seen[s] = true
		}
	case *consentDoc:
		text("student_name", "学生姓名", &d.StudentName, 64)
		text("guardian_name", "监护人姓名", &d.GuardianName, 64)
		date("signed_on", "签署日期", d.SignedOn, true)
	case *trainingDoc:
		date("trained_on", "培训日期", d.TrainedOn, true)
		if d.Passed == nil {
			fe.Add("passed", "请填写是否考核合格")
		}
		if d.Hours != nil && (*d.Hours <= 0 || *d.Hours > 200) {
			fe.Add("hours", "培训学时应在 0–200 之间")
		}
	case *insuranceDoc:
		text("insurer", "保险公司", &d.Insurer, 128)
		text("policy_no", "保单号", &d.PolicyNo, 64)
		date("covers_from", "保险起期", d.CoversFrom, false)
		date("covers_to", "保险止期", d.CoversTo, false)
		if from, err1 := clock.ParseDate(d.CoversFrom); err1 == nil {
			if to, err2 := clock.ParseDate(d.CoversTo); err2 == nil && to.Before(from) {
				fe.Add("covers_to", "保险止期不能早于起期")
			}
		}
		switch d.Payer {
		case "school", "enterprise":
		case "student":
			fe.Add("payer", "实习责任保险费不得由学生承担（第三十五条）")
		default:
			fe.Add("payer", "投保方只能是学校或实习单位")
		}
	default:
		fe.Add("kind", "材料类型只能是 agreement、consent、training 或 insurance")
	}
	return fe.Err(documentNames[in.Kind] + "信息有误")
}

// gateDocuments turns the documents on file into the rules' view. A stored
// value that no longer parses counts as missing, which blocks: the cautious side.
func gateDocuments(p *Placement) rules.PlacementDocuments {
	var out rules.PlacementDocuments
	decode := func(kind string, into any) bool {
		d := p.document(kind)
		if d == nil {
			return false
		}
		return json.Unmarshal(d.Data, into) == nil
	}
	day := func(s string) clock.Date {
		d, _ := clock.ParseDate(s)
		return d
	}
	var a agreementDoc
	if decode(DocAgreement, &a) {
		out.Agreement = &rules.Agreement{SignedOn: day(a.SignedOn), Signers: slices.Clone(a.Signers)}
	}
	var c consentDoc
	if decode(DocConsent, &c) {
		d := p.document(DocConsent)
		out.Consent = &rules.Consent{StudentName: c.StudentName, GuardianName: c.GuardianName, SignedOn: day(c.SignedOn),
			Scanned: d.FileID != nil, Confirmed: d.ConfirmedAt != nil}
	}
	var t trainingDoc
	if decode(DocTraining, &t) {
		out.Training = &rules.Training{TrainedOn: day(t.TrainedOn), Passed: t.Passed != nil && *t.Passed}
	}
	var i insuranceDoc
	if decode(DocInsurance, &i) {
		out.Insurance = &rules.Insurance{Insurer: i.Insurer, PolicyNo: i.PolicyNo, CoversFrom: day(i.CoversFrom),
			CoversTo: day(i.CoversTo), Payer: i.Payer}
	}
	return out
}
