package auth_test

import (
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/auth"
)

var cheap = auth.Params{Time: 1, Memory: 1024, Threads: 1}

func TestHashAndVerify(t *testing.T) {
	h := auth.Hash("Cheval-Bleu-9", cheap)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("encoded hash %q", h)
	}
	if h == auth.Hash("Cheval-Bleu-9", cheap) {
		t.Fatal("two hashes of one password share their salt")
	}
	cases := []struct {
		password, encoded string
		want              bool
	}{
		{"Cheval-Bleu-9", h, true},
		{"cheval-bleu-9", h, false},
		{"", h, false},
		{"Cheval-Bleu-9", "", false},
		{"Cheval-Bleu-9", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA", false},
		{"Cheval-Bleu-9", strings.Replace(h, "m=1024", "m=xx", 1), false},
	}
	for _, c := range cases {
		if got := auth.Verify(c.password, c.encoded); got != c.want {
			t.Errorf("Verify(%q, %q) = %v", c.password, c.encoded, got)
		}
	}
}

func TestCheckStrength(t *testing.T) {
	cases := []struct {
		password string
		names    []string
		ok       bool
	}{
		{"Bleu-Canard-42", nil, true},
		{"une phrase assez longue", nil, true},
		{"court-1A", nil, false},
		{"azertyuiop", nil, false},
		{"toutminuscule", nil, false},
		{"aaaaaaaaaaaaaaaaaaaaA1", nil, false},
		{"Samira-2026-secret", []string{"Samira K."}, false},
		{"Bleu-Canard-42", []string{"Samira K.", "samira"}, true},
		{strings.Repeat("Ab1-", 60), nil, false},
	}
	for _, c := range cases {
		err := auth.CheckStrength(c.password, c.names...)
		if (err == nil) != c.ok {
			t.Errorf("CheckStrength(%q): %v, want ok=%v", c.password, err, c.ok)
		}
		if err != nil && (backend.ErrorCode(err) != backend.EInvalid ||
			strings.Contains(backend.ErrorMessage(err), c.password)) {
			t.Errorf("CheckStrength(%q): message %q", c.password, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	last := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		failed int
		wait   time.Duration
	}{{0, 0}, {2, 0}, {3, 2 * time.Second}, {4, 4 * time.Second}, {5, 8 * time.Second},
		{30, 15 * time.Minute}} {
		got := auth.RetryAfter(c.failed, last)
		if c.wait == 0 && !got.IsZero() || c.wait != 0 && got.Sub(last) != c.wait {
			t.Errorf("after %d failures: retry at %v, want +%v", c.failed, got, c.wait)
		}
	}
}
