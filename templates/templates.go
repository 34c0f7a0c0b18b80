// Package templates embeds the default look: the shared theme, the HTML page
// template and stylesheet, and Word reference styles.
package templates

import (
	"embed"
	_ "embed"
)

//go:embed theme.json
var ThemeJSON []byte

// FS holds every template file.
//
//go:embed *.json html
var FS embed.FS
