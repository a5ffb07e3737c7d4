//go:build bindings

package main

// `wails build` and `wails generate module` compile PAPPU with this tag and
// run it once to list the bound methods; main then opens a throwaway data
// folder instead of the user's.
func init() { generatingBindings = true }
