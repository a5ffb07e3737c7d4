package holidays_test

import (
	"strings"
	"testing"
	"time"

	"pappu/backend/holidays"
)

// The official metropolitan list, written out by hand from the calendar of
// each year (service-public.fr publishes the same dates).
var official = map[int]string{
	2024: "01-01 04-01 05-01 05-08 05-09 05-20 07-14 08-15 11-01 11-11 12-25",
	2025: "01-01 04-21 05-01 05-08 05-29 06-09 07-14 08-15 11-01 11-11 12-25",
	2026: "01-01 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25",
	2027: "01-01 03-29 05-01 05-06 05-08 05-17 07-14 08-15 11-01 11-11 12-25",
	2028: "01-01 04-17 05-01 05-08 05-25 06-05 07-14 08-15 11-01 11-11 12-25",
	2029: "01-01 04-02 05-01 05-08 05-10 05-21 07-14 08-15 11-01 11-11 12-25",
	2030: "01-01 04-22 05-01 05-08 05-30 06-10 07-14 08-15 11-01 11-11 12-25",
}

func TestMetropolitanHolidays2024To2030(t *testing.T) {
	for year, want := range official {
		var got []string
		for _, h := range holidays.Of(year, holidays.Metropolitan) {
			got = append(got, h.Key()[5:])
			if h.Date.Year() != year {
				t.Errorf("%d: %s falls in another year", year, h.Key())
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%d:\n got %s\nwant %s", year, strings.Join(got, " "), want)
		}
	}
}

func TestEasterSundays(t *testing.T) {
	want := map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
		2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21",
		2038: "2038-04-25", 2285: "2285-03-22"}
	for year, day := range want {
		if got := holidays.Easter(year).Format(time.DateOnly); got != day {
			t.Errorf("Easter %d = %s, want %s", year, got, day)
		}
	}
}

func TestAlsaceMoselleAddsGoodFridayAndSaintStephen(t *testing.T) {
	got := holidays.Of(2026, holidays.AlsaceMoselle)
	if len(got) != 13 || got[1].Key() != "2026-04-03" || got[12].Key() != "2026-12-26" {
		t.Fatalf("Alsace-Moselle 2026: %+v", got)
	}
}

func TestWorkingDays(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		d, _ := time.ParseInLocation("2006-01-02 15:04", s, paris)
		return d
	}
	cases := []struct{ from, next, previous string }{
		{"2026-04-16 09:00", "2026-04-16 09:00", "2026-04-16 09:00"}, // a Thursday
		{"2026-04-18 09:00", "2026-04-20 09:00", "2026-04-17 09:00"}, // Saturday
		{"2026-04-05 09:00", "2026-04-07 09:00", "2026-04-03 09:00"}, // Easter, then its Monday
		{"2026-05-14 10:30", "2026-05-15 10:30", "2026-05-13 10:30"}, // Ascension
		{"2027-12-25 09:00", "2027-12-27 09:00", "2027-12-24 09:00"}, // Christmas on a Saturday
		{"2028-10-29 09:00", "2028-10-30 09:00", "2028-10-27 09:00"}, // clocks went back that night
	}
	for _, c := range cases {
		from := at(c.from)
		if got := holidays.NextWorkingDay(from, holidays.Metropolitan); !got.Equal(at(c.next)) {
			t.Errorf("next working day of %s = %s, want %s", c.from, got, c.next)
		}
		got := holidays.PreviousWorkingDay(from, holidays.Metropolitan)
		if !got.Equal(at(c.previous)) {
			t.Errorf("previous working day of %s = %s, want %s", c.from, got, c.previous)
		}
	}
}
