package build

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

// BenchmarkWholeBuild is `altformats build FILE` end to end (Documents:
// load, check, every format written straight into the staging folder,
// swap), without and with the read-back of every written file (checks,
// parity, reports), which overlaps the rendering of the other formats: the
// difference is what reading back costs.
//
//	go test ./internal/build -run '^$' -bench WholeBuild -benchtime 3x
func BenchmarkWholeBuild(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		for _, readBack := range []bool{false, true} {
			b.Run(fmt.Sprintf("size=%d/readback=%v", n, readBack), func(b *testing.B) {
				p := testutil.WriteSeed(b, b.TempDir(), n, fmt.Sprintf("seed-x%d", n), "Seed")
				out := b.TempDir()
				opt := Options{Formats: Formats(), Render: render.Options{Theme: render.DefaultTheme(), Paper: doc.A4, Generator: "altformats bench"}}
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					r := documents([]string{p}, out, opt, nil, readBack)[0]
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
				reportCPU(b, cpu0)
			})
		}
	}
}

// BenchmarkReadBackPDF times reading one PDF back (pdfua.Read: every PDF/UA
// rule plus the structure tree with decoded text) on the seed ×N, apart from
// rendering it, to show how read-back grows with the file.
//
//	go test ./internal/build -run '^$' -bench ReadBackPDF -benchtime 1x -cpuprofile cpu.out
func BenchmarkReadBackPDF(b *testing.B) {
	for _, name := range []string{"pdf", "large-print"} {
		f := lookupFormat(b, name)
		for _, n := range []int{1, 100, 1000} {
			b.Run(fmt.Sprintf("format=%s/size=%d", name, n), func(b *testing.B) {
				data := renderedFile(b, f, n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					r, err := pdfua.Read(data)
					if err != nil {
						b.Fatal(err)
					}
					if len(r.Findings) != 0 {
						b.Fatalf("findings: %v", r.Findings)
					}
				}
				reportCPU(b, cpu0)
			})
		}
	}
}

// BenchmarkReadBackOnly times ReadBack alone (every file of the seed ×N,
// already rendered and staged, read back, checked, compared and reported),
// for profiling what BenchmarkWholeBuild's readback=true adds.
//
//	go test ./internal/build -run '^$' -bench ReadBackOnly/size=1000 -benchtime 1x -cpuprofile cpu.out
func BenchmarkReadBackOnly(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			d := loadSized(b, n)
			ropt := benchRenderOptions(d)
			outs, err := RenderDoc(d, Formats(), ropt)
			if err != nil {
				b.Fatal(err)
			}
			stage := b.TempDir()
			for _, o := range outs {
				if err := os.WriteFile(filepath.Join(stage, o.Name), o.Data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				if _, _, err := ReadBack(d, stage, outs, nil, ropt, verify.Tool{Name: "altformats", Version: "bench"},
					func(name string) string { return name }); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// renderedFile is the first file of format f written for the seed × n.
func renderedFile(b *testing.B, f Format, n int) []byte {
	b.Helper()
	d := loadSized(b, n)
	outs, err := renderOne(d, f, benchRenderOptions(d), nil)
	if err != nil {
		b.Fatal(err)
	}
	return outs[0].Data
}
