// Package diag is the one registry of diagnostic codes: every code the tool
// can print, with what it means and how to fix it. README's table of codes is
// generated from it, and a test checks that every code used in the source is
// registered here.
package diag

import "sort"

// Code describes one stable diagnostic code.
type Code struct {
	ID      string // e.g. "A11Y-ALT"
	Meaning string // what it says is wrong, in one sentence
	Fix     string // how an author fixes it
}

// The code tables, one per area of the tool, each in its own file so that
// work on one area never edits another's table.
var tables = [][]Code{
	coreCodes,      // codes_core.go: loader, model checks, writers as they were
	outputCodes,    // codes_output.go: output folder, packs, limits, link policy
	loaderCodes,    // codes_loader.go: bounded reads, special files, link policy, scripts
	fidelityCodes,  // codes_fidelity.go: raw HTML, anchors, front matter from other tools
	brailleCodes,   // codes_braille.go: braille format
	authoringCodes, // codes_authoring.go: project defaults, plain English, sharding
	verifyCodes,    // codes_verify.go: read-back, parity, verify command
	printCodes,     // codes_print.go: PDF typesetting
}

// All returns every registered code, sorted by ID.
func All() []Code {
	var out []Code
	for _, t := range tables {
		out = append(out, t...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a code by ID.
func Lookup(id string) (Code, bool) {
	for _, t := range tables {
		for _, c := range t {
			if c.ID == id {
				return c, true
			}
		}
	}
	return Code{}, false
}
