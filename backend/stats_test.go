package backend_test

import (
	"testing"

	"pappu/backend"
)

func TestPeriodsToCompare(t *testing.T) {
	for _, tc := range []struct {
		p                     backend.Period
		previous, yearEarlier backend.Period
		label                 string
	}{
		{backend.Period{From: "2025-03-01", To: "2025-03-31"},
			backend.Period{From: "2025-02-01", To: "2025-02-28"},
			backend.Period{From: "2024-03-01", To: "2024-03-31"}, "mars 2025"},
		{backend.Period{From: "2025-01-01", To: "2025-03-31"},
			backend.Period{From: "2024-10-01", To: "2024-12-31"},
			backend.Period{From: "2024-01-01", To: "2024-03-31"}, "1er trimestre 2025"},
		{backend.Period{From: "2024-01-01", To: "2024-12-31"},
			backend.Period{From: "2023-01-01", To: "2023-12-31"},
			backend.Period{From: "2023-01-01", To: "2023-12-31"}, "2024"},
		{backend.Period{From: "2024-02-01", To: "2024-02-29"},
			backend.Period{From: "2024-01-01", To: "2024-01-31"},
			backend.Period{From: "2023-02-01", To: "2023-02-28"}, "février 2024"},
		{backend.Period{From: "2025-03-10", To: "2025-03-16"},
			backend.Period{From: "2025-03-03", To: "2025-03-09"},
			backend.Period{From: "2024-03-10", To: "2024-03-16"},
			"du 10/03/2025 au 16/03/2025"},
	} {
		if got := backend.PreviousPeriod(tc.p); got != tc.previous {
			t.Errorf("PreviousPeriod(%v) = %v, want %v", tc.p, got, tc.previous)
		}
		if got := backend.YearEarlier(tc.p); got != tc.yearEarlier {
			t.Errorf("YearEarlier(%v) = %v, want %v", tc.p, got, tc.yearEarlier)
		}
		if got := backend.PeriodLabel(tc.p); got != tc.label {
			t.Errorf("PeriodLabel(%v) = %q, want %q", tc.p, got, tc.label)
		}
	}
}
