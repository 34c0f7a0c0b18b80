package build

import (
	"fmt"
	"testing"

	"github.com/altformats/altformats/internal/verify"
)

// BenchmarkReadBackFile times reading one file of each format back
// (verify.File: every check of its format and the facts compared for
// parity) on the seed ×N, apart from rendering it: the per-reader share of
// what BenchmarkWholeBuild's readback=true adds. PDFs go through pdfua.Read
// (BenchmarkReadBackPDF) plus the facts; braille is the PEF and the BRF.
//
//	go test ./internal/build -run '^$' -bench 'ReadBackFile/.*/size=1000$' -benchtime 3x -benchmem
func BenchmarkReadBackFile(b *testing.B) {
	for _, f := range Available() {
		for _, n := range []int{1, 100, 1000} {
			b.Run(fmt.Sprintf("format=%s/size=%d", f.Name, n), func(b *testing.B) {
				d := loadSized(b, n)
				outs, err := renderOne(d, f, benchRenderOptions(d))
				if err != nil {
					b.Fatal(err)
				}
				size := 0
				for _, o := range outs {
					size += len(o.Data)
				}
				b.SetBytes(int64(size))
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					for _, o := range outs {
						if r := verify.File(o.Name, o.Data); r.Errors() != 0 {
							b.Fatalf("%s: %s", o.Name, r.Findings[0].Msg)
						}
					}
				}
				reportCPU(b, cpu0)
			})
		}
	}
}
