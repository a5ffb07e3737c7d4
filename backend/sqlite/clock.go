package sqlite

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// hlc is a hybrid logical clock: wall-clock milliseconds, plus a counter that
// keeps versions increasing when the wall clock stands still or goes back.
type hlc struct {
	wall    int64 // milliseconds since 1970
	counter int64
}

// observe moves the clock past a version read from the database.
func (c *hlc) observe(version string) {
	parts := strings.SplitN(version, "-", 3)
	if len(parts) < 2 {
		return
	}
	wall, err1 := strconv.ParseInt(parts[0], 10, 64)
	counter, err2 := strconv.ParseInt(parts[1], 16, 64)
	if err1 != nil || err2 != nil {
		return
	}
	if wall > c.wall || (wall == c.wall && counter > c.counter) {
		c.wall, c.counter = wall, counter
	}
}

// next returns a version later than every one seen, as text that sorts in
// time order: 13 digits of milliseconds, a hex counter, the device id.
func (c *hlc) next(now time.Time, device string) string {
	ms := now.UnixMilli()
	if ms > c.wall {
		c.wall, c.counter = ms, 0
	} else {
		c.counter++
	}
	return fmt.Sprintf("%013d-%04x-%s", c.wall, c.counter, device)
}

// newVersion ticks the database's clock.
func (db *DB) newVersion(now time.Time) string {
	db.clockMu.Lock()
	defer db.clockMu.Unlock()
	return db.clock.next(now, db.deviceID)
}

// newID returns a UUIDv7 (RFC 9562): 48 bits of milliseconds, then random
// bits, so ids created later sort later and index pages fill in order.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sqlite: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	ms := uint64(time.Now().UnixMilli())
	binary.BigEndian.PutUint16(b[4:6], uint16(ms))
	binary.BigEndian.PutUint32(b[0:4], uint32(ms>>16))
	b[6] = 0x70 | (b[6] & 0x0f) // version 7
	b[8] = 0x80 | (b[8] & 0x3f) // variant 10
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
