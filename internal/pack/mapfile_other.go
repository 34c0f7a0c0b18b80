//go:build !unix

package pack

// MapFile gives the bytes of the file at path; here they are read into
// memory (the mapped read is for Unix systems). release does nothing.
func MapFile(path string) (data []byte, release func(), err error) {
	return readWhole(path)
}
