package diag

var outputCodes = []Code{
	{"OUT-NOT-OURS", "The output folder (OUT/<slug>/ or OUT/packs/<name>/) or a pack's zip exists but altformats did not write it (no .altformats marker, or it holds files the marker does not list), so it is not replaced.",
		"Move the folder, or the files the tool did not write, out of the way; or choose another --out."},
	{"OUT-OVERLAP", "--out is, holds or lies inside the content folder (or holds a document given by name), so outputs could replace sources.",
		"Choose an --out outside the content, e.g. out/ beside content/."},
	{"SLUG-RESERVED", "The document's slug names a folder the tool uses for something else (packs).",
		"Give the document another slug: in its front matter, or rename the file."},
}
