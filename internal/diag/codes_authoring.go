package diag

var authoringCodes = []Code{}
