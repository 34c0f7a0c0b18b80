// Package templates embeds the default look: the shared theme, the HTML page
// template and stylesheet, and Word reference styles.
package templates

import (
	"embed"
	_ "embed"
)

//go:embed theme.json
var ThemeJSON []byte

// PageHTML and StyleCSS are the HTML writer's page template and stylesheet,
// as strings, so the writer parses them without reading a file system.
var (
	//go:embed html/page.html
	PageHTML string
	//go:embed html/style.css
	StyleCSS string
)

// FS holds every template file.
//
//go:embed *.json html
var FS embed.FS
