package diag

// Printed returns every diagnostic printed so far, in order; Errors counts
// the distinct errors printed. The tool itself needs only ExitCode.
func (p *Printer) Printed() []*Diagnostic { return p.printed }
func (p *Printer) Errors() int            { return p.errors }
