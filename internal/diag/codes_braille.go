package diag

var brailleCodes = []Code{
	{ID: "BRAILLE-UNAVAILABLE", Meaning: "Braille was asked for (--formats braille, or a pack's formats) but liblouis, the braille translator, is not installed or lacks its tables.",
		Fix: "Install liblouis (apt-get install liblouis20 liblouis-data, or bash .ci/install-tools), or leave braille out of the formats."},
	{ID: "BRAILLE-SKIPPED", Meaning: "A build of every format left braille out because liblouis is not installed; the other formats are written.",
		Fix: "Install liblouis (apt-get install liblouis20 liblouis-data) to get the .brf and .pef files too."},
}
