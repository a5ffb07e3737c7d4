package sqlite

import (
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database file.
const checkpointEvery = 2 * time.Second

// checkpointer copies the write-ahead log into the database in the
// background. Left to SQLite, the commit that fills the log past 1000 pages
// does it, and the person saving that visit waits for it; here nobody does.
type checkpointer struct {
	conn *sql.DB
	stop chan struct{}
	done chan struct{}
}

// startCheckpointer turns off the writer's automatic checkpoints and starts
// a goroutine that runs passive ones on its own connection.
func (db *DB) startCheckpointer() error {
	if _, err := db.writer.Exec(`PRAGMA wal_autocheckpoint = 0`); err != nil {
		return fmt.Errorf("sqlite: autocheckpoint: %w", err)
	}
	conn, err := sql.Open(driverName, dsn(db.path, false))
	if err != nil {
		return fmt.Errorf("sqlite: open checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	c := &checkpointer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	db.checkpoints = c
	go c.run(db.log)
	return nil
}

func (c *checkpointer) run(log *slog.Logger) {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
			// PASSIVE never waits for readers or writers: what it cannot copy
			// now, the next tick will.
			if _, err := c.conn.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
				log.Warn("background checkpoint", slog.Any("err", err))
			}
		}
	}
}

// close stops the goroutine and closes its connection.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	close(c.stop)
	<-c.done
	return c.conn.Close()
}
