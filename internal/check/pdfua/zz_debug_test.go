package pdfua
import ("bytes";"os";"testing";"github.com/pdfcpu/pdfcpu/pkg/api";"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model")
func TestZZDebug(t *testing.T){
 for _, n := range []string{"kitchen-sink","kitchen-sink-large-print","ahp-mental-health","ahp-mental-health-large-print"} {
 b,_:=os.ReadFile("/tmp/pdfdump/"+n+".pdf")
 api.DisableConfigDir(); conf:=model.NewDefaultConfiguration(); conf.ValidationMode=model.ValidationRelaxed
 ctx,err:=api.ReadContext(bytes.NewReader(b),conf); if err!=nil{t.Fatal(err)}; ctx.EnsurePageCount()
 c:=&checker{xt:ctx.XRefTable,pageOf:map[int]int{}}; if err:=c.load();err!=nil{t.Fatal(err)}
 tot:=0; shows:=0; for _,p:=range c.pages{tot+=len(p.mcids); shows+=len(p.shows)}
 mcrs:=0; objrs:=0; for _,e:=range c.tree.all{mcrs+=len(e.mcrs); objrs+=len(e.objrs)}
 codes:=0; for _,f:=range c.usedFonts(){codes+=len(f.codes)}
 t.Logf("%s: pages=%d mcids=%d shows=%d elems=%d mcrs=%d objrs=%d annots=%d fonts=%d codes=%d parentTree=%d roleMap=%v", n, len(c.pages), tot, shows, len(c.tree.all), mcrs, objrs, len(c.annots()), len(c.usedFonts()), codes, len(c.tree.parentTree), c.tree.roleMap)
 }
}
