package diag

var verifyCodes = []Code{}
