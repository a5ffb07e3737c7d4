// Command icon draws PAPPU's application icon: a white house on a
// blue-to-teal rounded square, whose door is the letter P. It writes
// build/appicon.png (1024×1024, the Linux window icon and Wails' source icon)
// and build/windows/icon.ico (the .exe icon), so both always match.
//
// Run from the repository root: go run ./build/icon
//
// The drawing is plain geometry sampled 4×4 times per pixel at each size, so
// small icons stay sharp, no font or image tool is needed, and every machine
// writes the same bytes.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	size    = 1024.0 // the drawing's own coordinates, whatever the output size
	samples = 4      // per axis, per pixel
)

// icoSizes are the sizes Windows picks from for the taskbar, the desktop and
// Explorer's views.
var icoSizes = []int{256, 128, 64, 48, 32, 16}

var (
	blue  = [3]float64{0x25, 0x63, 0xa6} // top-left of the background
	teal  = [3]float64{0x17, 0x9c, 0x8e} // bottom-right
	white = [3]float64{0xff, 0xff, 0xff}
)

// The house, a pentagon whose corners are rounded by houseRound.
var house = []point{{512, 196}, {830, 470}, {830, 842}, {194, 842}, {194, 470}}

const houseRound = 34.0

// The letter P, its stem reaching the bottom of the house like a doorway.
const (
	stemLeft, stemRight = 378.0, 464.0
	stemTop             = 486.0
	bowlX, bowlY        = 530.0, 604.0 // centre of the bowl's round part
	bowlOuter           = 118.0
	bowlInner           = 36.0
)

type point struct{ x, y float64 }

func main() {
	dir := flag.String("dir", "build", "the Wails build folder to write into")
	flag.Parse()

	if err := writeIcons(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func writeIcons(dir string) error {
	appicon, err := encodePNG(draw(int(size)))
	if err != nil {
		return err
	}
	if err := os.WriteFile(dir+"/appicon.png", appicon, 0o644); err != nil {
		return err
	}

	ico, err := encodeICO(icoSizes)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir+"/windows", 0o755); err != nil {
		return err
	}
	return os.WriteFile(dir+"/windows/icon.ico", ico, 0o644)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// encodeICO writes an .ico file holding one PNG per size, a form Windows
// reads since Vista: a 6-byte header, a 16-byte entry per image, the images.
func encodeICO(sizes []int) ([]byte, error) {
	var head, body bytes.Buffer
	le := binary.LittleEndian
	head.Write(le.AppendUint16(nil, 0))                  // reserved
	head.Write(le.AppendUint16(nil, 1))                  // type: icon
	head.Write(le.AppendUint16(nil, uint16(len(sizes)))) // image count
	offset := 6 + 16*len(sizes)

	for _, n := range sizes {
		img, err := encodePNG(draw(n))
		if err != nil {
			return nil, err
		}
		side := uint8(n % 256)                                      // 0 stands for 256
		head.Write([]byte{side, side, 0, 0})                        // width, height, palette, reserved
		head.Write(le.AppendUint16(nil, 1))                         // colour planes
		head.Write(le.AppendUint16(nil, 32))                        // bits per pixel
		head.Write(le.AppendUint32(nil, uint32(len(img))))          // image size
		head.Write(le.AppendUint32(nil, uint32(offset+body.Len()))) // image offset
		body.Write(img)
	}
	return append(head.Bytes(), body.Bytes()...), nil
}

// draw renders the icon as an n×n image.
func draw(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	scale := size / float64(n)
	for py := 0; py < n; py++ {
		for px := 0; px < n; px++ {
			img.SetNRGBA(px, py, pixel(px, py, scale))
		}
	}
	return img
}

// pixel averages the colour of samples×samples points inside the pixel,
// scale being the drawing's units per output pixel.
func pixel(px, py int, scale float64) color.NRGBA {
	var sum [3]float64
	var alpha float64
	for sy := 0; sy < samples; sy++ {
		for sx := 0; sx < samples; sx++ {
			p := point{
				(float64(px) + (float64(sx)+0.5)/samples) * scale,
				(float64(py) + (float64(sy)+0.5)/samples) * scale,
			}
			if !inBackground(p) {
				continue
			}
			c := gradient(p)
			if inHouse(p) && !inLetterP(p) {
				c = white
			}
			for i := range sum {
				sum[i] += c[i]
			}
			alpha++
		}
	}
	if alpha == 0 {
		return color.NRGBA{}
	}
	return color.NRGBA{
		R: uint8(math.Round(sum[0] / alpha)),
		G: uint8(math.Round(sum[1] / alpha)),
		B: uint8(math.Round(sum[2] / alpha)),
		A: uint8(math.Round(255 * alpha / samples / samples)),
	}
}

// gradient runs from blue at the top-left corner to teal at the bottom-right.
func gradient(p point) [3]float64 {
	t := (p.x + p.y) / (2 * size)
	var c [3]float64
	for i := range c {
		c[i] = blue[i] + (teal[i]-blue[i])*t
	}
	return c
}

// inBackground is a square with rounded corners and a small margin.
func inBackground(p point) bool {
	const margin, radius = 24.0, 200.0
	lo, hi := margin+radius, size-margin-radius
	dx := math.Max(math.Max(lo-p.x, p.x-hi), 0)
	dy := math.Max(math.Max(lo-p.y, p.y-hi), 0)
	inside := p.x >= margin && p.x <= size-margin && p.y >= margin && p.y <= size-margin
	return inside && dx*dx+dy*dy <= radius*radius
}

// inHouse is within houseRound of the pentagon shrunk by houseRound, which
// gives the pentagon's outline with rounded corners.
func inHouse(p point) bool {
	return distanceToConvex(p, inset(house, houseRound)) <= houseRound
}

func inLetterP(p point) bool {
	stem := p.x >= stemLeft && p.x <= stemRight && p.y >= stemTop
	r := math.Hypot(p.x-bowlX, p.y-bowlY)
	round := p.x >= bowlX && r >= bowlInner && r <= bowlOuter
	top := p.y >= bowlY-bowlOuter && p.y <= bowlY-bowlInner
	bottom := p.y >= bowlY+bowlInner && p.y <= bowlY+bowlOuter
	bars := p.x >= stemLeft && p.x <= bowlX && (top || bottom)
	return stem || round || bars
}

// distanceToConvex is 0 inside the clockwise convex polygon poly, else the
// distance to its nearest edge.
func distanceToConvex(p point, poly []point) float64 {
	inside := true
	nearest := math.Inf(1)
	for i, a := range poly {
		b := poly[(i+1)%len(poly)]
		if cross(b.x-a.x, b.y-a.y, p.x-a.x, p.y-a.y) < 0 {
			inside = false
		}
		nearest = math.Min(nearest, distanceToSegment(p, a, b))
	}
	if inside {
		return 0
	}
	return nearest
}

func distanceToSegment(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

// inset moves every edge of the clockwise convex polygon poly inwards by d.
func inset(poly []point, d float64) []point {
	n := len(poly)
	out := make([]point, n)
	for i := range poly {
		prev, cur, next := poly[(i+n-1)%n], poly[i], poly[(i+1)%n]
		a1, a2 := shift(prev, cur, d)
		b1, b2 := shift(cur, next, d)
		out[i] = intersect(a1, a2, b1, b2)
	}
	return out
}

// shift moves the edge a→b by d to its right, which is inwards for a polygon
// listed clockwise on screen (y pointing down).
func shift(a, b point, d float64) (point, point) {
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	nx, ny := -dy/l*d, dx/l*d
	return point{a.x + nx, a.y + ny}, point{b.x + nx, b.y + ny}
}

func intersect(a1, a2, b1, b2 point) point {
	d := cross(a2.x-a1.x, a2.y-a1.y, b2.x-b1.x, b2.y-b1.y)
	t := cross(b1.x-a1.x, b1.y-a1.y, b2.x-b1.x, b2.y-b1.y) / d
	return point{a1.x + t*(a2.x-a1.x), a1.y + t*(a2.y-a1.y)}
}

func cross(ax, ay, bx, by float64) float64 { return ax*by - ay*bx }
