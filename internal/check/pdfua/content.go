package pdfua

import (
	"fmt"
	"strings"
	"unsafe"
)

// page holds what one pass over a page's content streams found.
type page struct {
	n         int
	objNr     int
	dict      Dict
	resources Dict

	parseErr error

	// Marked content.
	strayEMC         int      // EMC with nothing open
	unclosed         []string // tags still open at the end of the page
	untagged         int      // painting operators outside Artifact and MCID sequences
	untaggedFirst    string
	artifactInTagged []string // "Artifact inside /P MCID 3"
	taggedInArtifact []string
	mcids            mcidSet // the MCIDs of its marked-content sequences
	mcidOrder        []int
	dupMCIDs         []int

	// mcShows is the text shown inside each MCID's sequence (the innermost
	// one), for reading text back (Read); only for the MCIDs asked for.
	mcShows map[int][]textShow
}

// textShow is the bytes one text operator showed with the font then set.
type textShow struct {
	font  string // resource name from Tf
	bytes string
}

// paintingOps draw something visible: each must sit inside an Artifact or a
// marked-content sequence with an MCID (Matterhorn 01-005). EI is our name
// for a whole inline image.
var paintingOps = [opcodes]bool{
	opTj: true, opTJ: true, opQuote: true, opDoubleQuote: true,
	opDo: true, opSh: true, opEI: true,
	opS: true, opSClose: true, opF: true, opFCompat: true, opFStar: true,
	opB: true, opBStar: true, opBClose: true, opBCloseStar: true,
}

type mcFrame struct {
	tag      string
	mcid     int // -1 when the sequence has none
	artifact bool
}

// scanContent runs the page's content once and records everything the
// content rules need, so each rule stays a few lines. The codes shown go to
// c.fonts; the text shown is kept only for the marked content in keep.
func (c *checker) scanContent(p *page, keep map[int][]int) {
	// The MCIDs of this page to keep, as a set: a lookup per text shown.
	c.keepHere.reset()
	for _, m := range keep[p.n] {
		if !c.keepHere.has(m) {
			c.keepHere.add(m)
		}
	}
	data, err := c.pageContent(p)
	if err != nil {
		p.parseErr = err
		return
	}
	var stack []mcFrame
	tagged, artifact := 0, 0 // open sequences of each kind
	font := ""
	var shows []textShow
	i := -1
	// A syntax error ends the scan but keeps what was found before it: a
	// late error should not hide earlier findings.
	p.parseErr = c.pageLexer.scanPage(data, c.f.names, func(code opcode, name string, args []operand) {
		i++
		o := op{name: name, args: args}
		switch code {
		case opBMC, opBDC:
			f := mcFrame{mcid: -1}
			if len(o.args) > 0 && o.args[0].kind == kName {
				f.tag = o.args[0].str
			}
			f.artifact = f.tag == "Artifact"
			if code == opBDC && len(o.args) > 1 {
				if m, ok := c.mcidOf(p, o.args[1]); ok {
					f.mcid = m
				}
			}
			if f.artifact && tagged > 0 {
				p.artifactInTagged = append(p.artifactInTagged, fmt.Sprintf("Artifact opened inside %s", describe(stack)))
			}
			if f.mcid >= 0 && artifact > 0 {
				p.taggedInArtifact = append(p.taggedInArtifact, fmt.Sprintf("/%s MCID %d opened inside an Artifact", f.tag, f.mcid))
			}
			if f.mcid >= 0 {
				if p.mcids.has(f.mcid) {
					p.dupMCIDs = append(p.dupMCIDs, f.mcid)
				} else {
					p.mcids.add(f.mcid)
					p.mcidOrder = append(p.mcidOrder, f.mcid)
				}
				tagged++
			}
			if f.artifact {
				artifact++
			}
			stack = append(stack, f)
		case opEMC:
			if len(stack) == 0 {
				p.strayEMC++
				return
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.mcid >= 0 {
				tagged--
			}
			if f.artifact {
				artifact--
			}
		case opTf:
			if len(o.args) > 0 && o.args[0].kind == kName {
				font = o.args[0].str
			}
		}
		if tagged == 0 && artifact == 0 && code < opcodes && paintingOps[code] {
			if p.untagged == 0 {
				p.untaggedFirst = fmt.Sprintf("%s (operator #%d)", o.name, i+1)
			}
			p.untagged++
		}
		shows = shows[:0]
		switch code {
		case opTj, opQuote:
			if len(o.args) > 0 && o.args[len(o.args)-1].kind == kString {
				shows = append(shows, textShow{font, o.args[len(o.args)-1].str})
			}
		case opDoubleQuote:
			if len(o.args) == 3 && o.args[2].kind == kString {
				shows = append(shows, textShow{font, o.args[2].str})
			}
		case opTJ:
			if len(o.args) > 0 && o.args[0].kind == kArray {
				for _, e := range o.args[0].arr {
					if e.kind == kString {
						shows = append(shows, textShow{font, e.str})
					}
				}
			}
		}
		if len(shows) == 0 {
			return
		}
		for _, s := range shows {
			c.noteFontUse(p, s)
		}
		if m := innermostMCID(stack); m >= 0 && c.keepsHere(m) {
			if p.mcShows == nil {
				p.mcShows = map[int][]textShow{}
			}
			for _, s := range shows {
				// the operand's bytes are scanOps's, reused after this operator
				p.mcShows[m] = append(p.mcShows[m], textShow{s.font, c.keepText(s.bytes)})
			}
		}
	})
	for _, f := range stack {
		p.unclosed = append(p.unclosed, "/"+f.tag)
	}
}

// keepText copies s into blocks of kept text: one allocation per 64 KiB
// rather than one per text operator kept. A block is never written again
// where a string points into it.
func (c *checker) keepText(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > cap(c.textBlock)-len(c.textBlock) {
		c.textBlock = make([]byte, 0, max(64<<10, len(s)))
	}
	start := len(c.textBlock)
	c.textBlock = append(c.textBlock, s...)
	return unsafe.String(&c.textBlock[start], len(s))
}

// mcidSet is a set of a page's MCIDs: bits while they are the small
// numbers writers count from 0 (a map per page was a tenth of what reading
// a long PDF allocated), a map for the rest.
type mcidSet struct {
	bits   []uint64
	sparse map[int]struct{}
	count  int
}

func (s *mcidSet) has(m int) bool {
	if m >= 0 && m>>6 < len(s.bits) && s.bits[m>>6]&(1<<(m&63)) != 0 {
		return true
	}
	_, ok := s.sparse[m]
	return ok
}

func (s *mcidSet) reset() {
	clear(s.bits)
	s.bits, s.sparse, s.count = s.bits[:0], nil, 0
}

func (c *checker) keepsHere(m int) bool { return c.keepHere.has(m) }

// add adds m, which is not in the set yet.
func (s *mcidSet) add(m int) {
	s.count++
	if m >= 0 && (m>>6 < len(s.bits) || m <= 2*s.count+64) {
		for m>>6 >= len(s.bits) {
			s.bits = append(s.bits, 0)
		}
		s.bits[m>>6] |= 1 << (m & 63)
		return
	}
	if s.sparse == nil {
		s.sparse = map[int]struct{}{}
	}
	s.sparse[m] = struct{}{}
}

func describe(stack []mcFrame) string {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].mcid >= 0 {
			return fmt.Sprintf("/%s MCID %d", stack[i].tag, stack[i].mcid)
		}
	}
	return "tagged content"
}

// mcidOf finds the MCID in the property list of a BDC: inline, or a name in
// the page's /Properties resources.
func (c *checker) mcidOf(p *page, o operand) (int, bool) {
	if o.kind == kDict {
		m, ok := o.lookup("MCID")
		return int(m.num), ok && m.kind == kNum
	}
	if o.kind != kName || p.resources == nil {
		return 0, false
	}
	props := c.dict(p.resources.get("Properties"))
	return c.integer(c.dict(props.get(o.str)).get("MCID"))
}

// pageContent joins the page's content streams. Streams in an array are one
// logical stream split anywhere, so a separator is added between them.
func (c *checker) pageContent(p *page) ([]byte, error) {
	o, ok := p.dict.lookup("Contents")
	if !ok {
		return nil, nil
	}
	var parts []Object
	if a := c.array(o); a != nil {
		parts = a
	} else {
		parts = []Object{o}
	}
	if len(parts) == 1 {
		// Scanned once and dropped: decoded into a reused buffer.
		s, ok := c.deref(parts[0]).(*Stream)
		if !ok {
			return nil, fmt.Errorf("content stream: not a stream")
		}
		b, err := c.f.decodeTemp(s)
		if err != nil {
			return nil, fmt.Errorf("content stream: %w", err)
		}
		return b, nil
	}
	var out []byte
	for _, part := range parts {
		b, _, err := c.stream(part)
		if err != nil {
			return nil, fmt.Errorf("content stream: %w", err)
		}
		out = append(out, b...)
		out = append(out, '\n')
	}
	return out, nil
}

// ---- rules on content ----

// checkContentSyntax: a content stream that cannot be read cannot be checked.
func checkContentSyntax(c *checker) {
	for _, p := range c.pages {
		if p.parseErr != nil {
			c.add(RuleContentSyntax, p.n, "content stream cannot be parsed: %v", p.parseErr)
		}
	}
}

// checkMarkedContentBalance: every BMC/BDC has its EMC on the same page.
func checkMarkedContentBalance(c *checker) {
	for _, p := range c.pages {
		if p.strayEMC > 0 {
			c.add(RuleBalance, p.n, "%d EMC operator(s) without an open BMC/BDC", p.strayEMC)
		}
		if len(p.unclosed) > 0 {
			c.add(RuleBalance, p.n, "marked content not closed at end of page: %s", strings.Join(p.unclosed, " "))
		}
	}
}

// checkUntaggedPainting (Matterhorn 01-005): content is either real content
// (inside an MCID sequence) or an Artifact.
func checkUntaggedPainting(c *checker) {
	for _, p := range c.pages {
		if p.untagged > 0 {
			c.add("01-005", p.n, "%d painting operator(s) outside tagged content or Artifact; first: %s", p.untagged, p.untaggedFirst)
		}
	}
}

// checkArtifactNesting (01-003, 01-004): artifacts and real content never nest.
func checkArtifactNesting(c *checker) {
	for _, p := range c.pages {
		for _, m := range p.artifactInTagged {
			c.add("01-003", p.n, "%s", m)
		}
		for _, m := range p.taggedInArtifact {
			c.add("01-004", p.n, "%s", m)
		}
	}
}

// checkMCIDUnique: an MCID names one sequence per page, else the ParentTree
// array cannot say which element owns it.
func checkMCIDUnique(c *checker) {
	for _, p := range c.pages {
		for _, m := range p.dupMCIDs {
			c.add(RuleMCIDUnique, p.n, "MCID %d used by more than one marked-content sequence", m)
		}
	}
}

// innermostMCID is the MCID of the innermost open tagged sequence, or -1.
func innermostMCID(stack []mcFrame) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].artifact {
			return -1
		}
		if stack[i].mcid >= 0 {
			return stack[i].mcid
		}
	}
	return -1
}
