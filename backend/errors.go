// Package backend holds PAPPU's domain: the types every other package talks in,
// the error type whose message is safe to show, and the small helpers (text
// folding, dates) that give the domain its rules. It knows nothing of Wails,
// SQL or HTTP; those live in sub-packages and in app/.
package backend

import (
	"errors"
	"fmt"
)

// Error codes. The window and the command line decide how to present an error
// from its code; the message is always French and safe to show to any user.
const (
	EInvalid      = "invalid"      // the input is wrong; Field names what
	ENotFound     = "not_found"    // the thing asked for does not exist
	EConflict     = "conflict"     // the data changed or already exists
	EUnauthorized = "unauthorized" // who asks may not do this
	EInternal     = "internal"     // a fault of ours; details only in the log
	EStorage      = "storage"      // the disk is full or the data folder cannot be written
)

// Error is an error a person can read. Err keeps the cause for the log.
type Error struct {
	Code    string
	Field   string // the form field or column concerned, if any
	Message string // French, without personal data of anyone but the asker
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid returns an EInvalid error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENotFound error.
func NotFound(format string, args ...any) *Error {
	return &Error{Code: ENotFound, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps a cause that no user can act on.
func Internal(err error) *Error {
	return &Error{Code: EInternal, Message: "Une erreur interne est survenue.", Err: err}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns what may be shown to the user for err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.Message
	}
	return "Une erreur interne est survenue."
}
