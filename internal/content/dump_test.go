package content

import (
	"fmt"
	"os"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func TestDumpFile(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip("set DUMP=file.md to print the model")
	}
	d, ds, err := Load(p, Options{DefaultLang: os.Getenv("DUMPLANG")})
	for _, x := range ds {
		fmt.Println(x.Error())
	}
	if d != nil {
		fmt.Print(doc.Dump(d))
	}
	_ = err
}
