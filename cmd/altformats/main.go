// Command altformats turns one source document into every accessible format.
package main

import (
	"os"

	"github.com/altformats/altformats/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.StdStreams()))
}
