package alerts

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Notifier carries alerts to outside channels (a provincial platform, a
// WeChat or SMS gateway). event is alert.raised or alert.escalated. An error
// means "try again later"; delivery is at least once, so a receiver
// deduplicates by the X-Huhang-Delivery header.
type Notifier interface {
	Notify(ctx context.Context, event string, alert AlertJSON) error
}

// LogNotifier writes each alert to the log: the default when no webhook is
// configured, so an operator still sees what would go out.
type LogNotifier struct{ Logger *slog.Logger }

// Notify logs the alert.
func (n LogNotifier) Notify(ctx context.Context, event string, a AlertJSON) error {
	n.Logger.InfoContext(ctx, "alert", "event", event, "rule", a.Rule, "severity", a.Severity, "id", a.ID.String(),
		"division", a.DivisionCode, "title", a.Title)
	return nil
}

// Webhook POSTs each alert as JSON to URL, signed with Secret:
//
//	X-Huhang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
//
// The timestamp inside the MAC lets a receiver refuse replays of old bodies.
type Webhook struct {
	URL    string
	Secret []byte
	Client *http.Client
	// Now is the signing clock; nil means time.Now.
	Now func() time.Time
}

// WebhookBody is what the webhook sends.
type WebhookBody struct {
	Event string    `json:"event"`
	Alert AlertJSON `json:"alert"`
}

// Sign is the signature header value of body at t.
func Sign(secret, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Notify sends one request; any answer but 2xx is a failure to retry.
func (w Webhook) Notify(ctx context.Context, event string, a AlertJSON) error {
	body, err := json.Marshal(WebhookBody{Event: event, Alert: a})
	if err != nil {
		return err
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "huhang-alerts/1")
	req.Header.Set("X-Huhang-Event", event)
	req.Header.Set("X-Huhang-Delivery", fmt.Sprintf("%s:%s:%d", a.ID, event, a.EscalationLevel))
	req.Header.Set("X-Huhang-Signature", Sign(w.Secret, body, now()))
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: answered %d", resp.StatusCode)
	}
	return nil
}

// maxNotifyAttempts: after this many failures (about a day at the growing
// pause) the alert is left to the inbox and the failure counted.
const maxNotifyAttempts = 12

// NotifyOnce sends the due notifications of one batch and returns how many
// it tried.
func (s *Service) NotifyOnce(ctx context.Context) (int, error) {
	now := time.Now().UTC()
	due, err := claimNotifications(ctx, s.pool, 20, now, time.Minute)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	for _, n := range due {
		id, event, attempts := n.ID, n.Event, n.Attempts
		a, err := getAlert(ctx, s.pool, id, nil, false)
		if err != nil {
			return 0, err
		}
		sendErr := s.notifier.Notify(ctx, event, toJSON(a, nil))
		if sendErr == nil {
			if err := notified(ctx, s.pool, id, nil, ""); err != nil {
				return 0, err
			}
			continue
		}
		s.metrics.webhookFailures.Inc()
		var next *time.Time
		if attempts+1 < maxNotifyAttempts {
			t := time.Now().UTC().Add(s.retryPause(attempts))
			next = &t
		} else {
			s.logger.Error("alert notification given up", "alert", id.String(), "error", sendErr.Error())
		}
		if err := notified(ctx, s.pool, id, next, sendErr.Error()); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// retryPause doubles from RetryBase up to an hour.
func (s *Service) retryPause(attempts int) time.Duration {
	d := s.opts.RetryBase
	for range attempts {
		if d >= time.Hour {
			return time.Hour
		}
		d *= 2
	}
	return min(d, time.Hour)
}

// Notify runs NotifyOnce until ctx ends.
func (s *Service) Notify(ctx context.Context) error {
	pause := newBackoff()
	for ctx.Err() == nil {
		n, err := s.NotifyOnce(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.logger.Warn("alert notifications failed", "error", err.Error())
			sleep(ctx, pause.next())
		case n == 0:
			pause.reset()
			sleep(ctx, s.opts.PollEvery*2)
		}
	}
	return nil
}
