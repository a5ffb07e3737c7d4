package main

import (
	"reflect"
	"testing"
)

// Every dialog Wails may show about WebView2 is in French: a field Wails
// adds later and that we leave empty would show nothing useful.
func TestWebview2MessagesAreAllSet(t *testing.T) {
	m := reflect.ValueOf(webview2Messages()).Elem()
	for i := 0; i < m.NumField(); i++ {
		if m.Field(i).String() == "" {
			t.Errorf("webview2Messages: %s is empty", m.Type().Field(i).Name)
		}
	}
}
