package build

import (
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/content"
)

// Shard is this run's share of a build spread over N runs (a CI matrix, a
// Kubernetes indexed job): number K of N, counted from 1. The zero value is
// the whole build. A document belongs to one shard, chosen by a hash of its
// slug, so the shards' outputs together are exactly one whole build's.
type Shard struct{ K, N int }

// JobIndexEnv is the variable a Kubernetes indexed job sets to the pod's
// index, from 0.
const JobIndexEnv = "JOB_COMPLETION_INDEX"

// ParseShard reads "K/N" (1 <= K <= N), or "N" alone, which takes K from
// JOB_COMPLETION_INDEX + 1.
func ParseShard(s string) (Shard, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Shard{}, nil
	}
	ks, ns, hasK := strings.Cut(s, "/")
	if !hasK {
		ks, ns = "", s
	}
	n, err := strconv.Atoi(ns)
	if err != nil || n < 1 {
		return Shard{}, fmt.Errorf("--shard %q: write K/N, e.g. 2/3, or N with %s set", s, JobIndexEnv)
	}
	var k int
	if hasK {
		if k, err = strconv.Atoi(ks); err != nil {
			return Shard{}, fmt.Errorf("--shard %q: K in K/N must be a number", s)
		}
	} else {
		v, ok := os.LookupEnv(JobIndexEnv)
		if !ok {
			return Shard{}, fmt.Errorf("--shard %q: give K/N, or set %s (a Kubernetes indexed job does)", s, JobIndexEnv)
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 {
			return Shard{}, fmt.Errorf("%s=%q is not an index from 0", JobIndexEnv, v)
		}
		k = i + 1
	}
	if k < 1 || k > n {
		return Shard{}, fmt.Errorf("--shard %d/%d: K must be from 1 to %d", k, n, n)
	}
	return Shard{K: k, N: n}, nil
}

// Owns reports whether a document with this slug is in the shard.
func (s Shard) Owns(slug string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(slug))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

func (s Shard) String() string {
	if s.N <= 1 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// ownerSlug is the slug that places a result in a shard: the document's, or
// for a file that could not be read, the one its name would give.
func ownerSlug(r *Result) string {
	if r.Doc != nil && r.Doc.Meta.Slug != "" {
		return r.Doc.Meta.Slug
	}
	return content.SlugFromPath(r.Path)
}
