package diag

var brailleCodes = []Code{}
