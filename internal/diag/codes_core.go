package diag

var coreCodes = []Code{}
