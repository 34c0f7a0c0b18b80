package diag

var fidelityCodes = []Code{}
