package backend_test

import (
	"testing"

	"pappu/backend"
)

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"KONÉ", "kone"},
		{"Koné", "kone"},
		{"Fatima-Zahra", "fatima zahra"},
		{"  Fatima   Zahra ", "fatima zahra"},
		{"Leïla", "leila"},
		{"N'Diaye", "ndiaye"},
		{"N’Diaye", "ndiaye"},
		{"NDIAYE", "ndiaye"},
		{"O'Brien", "obrien"},
		{"Œdipe Straße", "odipe strase"},
		{"", ""},
		{"--", ""},
	}
	for _, c := range cases {
		if got := backend.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
