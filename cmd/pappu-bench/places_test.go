package main

import (
	"context"
	"testing"
)

// TestPlacesFigures prints the nearest-place and geocoding figures
// (go test -run PlacesFigures -v ./cmd/pappu-bench/); nothing is asserted
// about speed, but every typed address must be found.
func TestPlacesFigures(t *testing.T) {
	nearest, geocode, err := benchPlaces(context.Background(), 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("nearest_p99 %.3f ms, geocode_offline_p99 %.3f ms", ms(nearest), ms(geocode))
}
