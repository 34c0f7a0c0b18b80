// Package pack is the only package that writes to disk: every output is
// staged under a temporary name in its destination folder and renamed into
// place only when complete, so a failed or interrupted run never leaves a
// half-written file where a good one was.
package pack
