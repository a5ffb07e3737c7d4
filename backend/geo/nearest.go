package geo

import (
	"container/heap"
	"math"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Located is anything placed on the map: a site or a partner.
type Located struct {
	ID  string
	Lat float64
	Lon float64
}

// Hit is one of the nearest places and its distance in metres.
type Hit struct {
	Index    int     // in the slice given to Nearest
	Distance float64 // metres, along the Earth's surface
}

// Nearest returns the n places nearest to from among those keep accepts,
// nearest first. keep may be nil.
func Nearest(from orb.Point, places []Located, n int, keep func(i int) bool) []Hit {
	if n <= 0 {
		return nil
	}
	// The heap orders on the haversine term, which grows with the distance,
	// so that only the n kept get the full distance computed.
	h := make(farthestFirst, 0, n+1)
	cosFrom := math.Cos(from.Lat() * math.Pi / 180)
	for i, p := range places {
		if keep != nil && !keep(i) {
			continue
		}
		sLat := math.Sin((p.Lat - from.Lat()) * math.Pi / 360)
		sLon := math.Sin((p.Lon - from.Lon()) * math.Pi / 360)
		a := sLat*sLat + cosFrom*math.Cos(p.Lat*math.Pi/180)*sLon*sLon
		if len(h) == n && a >= h[0].Distance {
			continue
		}
		heap.Push(&h, Hit{Index: i, Distance: a})
		if len(h) > n {
			heap.Pop(&h)
		}
	}
	out := make([]Hit, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		hit := heap.Pop(&h).(Hit)
		p := places[hit.Index]
		hit.Distance = orbgeo.Distance(from, orb.Point{p.Lon, p.Lat})
		out[i] = hit
	}
	return out
}

// farthestFirst is a max-heap of hits on their distance.
type farthestFirst []Hit

func (h farthestFirst) Len() int           { return len(h) }
func (h farthestFirst) Less(i, j int) bool { return h[i].Distance > h[j].Distance }
func (h farthestFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *farthestFirst) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *farthestFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
