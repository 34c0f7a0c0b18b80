package diag

var outputCodes = []Code{}
