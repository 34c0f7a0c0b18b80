package diag

var printCodes = []Code{}
