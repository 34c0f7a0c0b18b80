package diag

var outputCodes = []Code{
	{ID: "OUT-NOT-OURS", Meaning: "the output folder (OUT/<slug>/, OUT/packs/<name>/) or a pack's zip exists but altformats did not write it (no .altformats marker, or it holds files the marker does not list), so it is not replaced",
		Fix: "move the folder or the files the tool did not write out of the way, or choose another --out"},
	{ID: "OUT-OVERLAP", Meaning: "--out is, holds or lies inside the content folder (or holds a document given by name), so outputs could replace sources",
		Fix: "choose an --out outside the content, e.g. out/ beside content/"},
	{ID: "SLUG-RESERVED", Meaning: "the document's slug names a folder the tool uses for something else (packs)",
		Fix: "give the document another slug: in its front matter, or rename the file"},
}
