package pdfua

// internTable gives the same value each time the same bytes recur: a PDF
// repeats a few dozen names (and content streams a few dozen operators)
// hundreds of thousands of times. A small direct-mapped table sits in front
// of the map, since hashing every name into a Go map was a tenth of
// reading a long PDF back. At most maxInterned keys are kept; beyond that
// get misses and the caller makes the value anew, as before.
type internTable[V any] struct {
	slots [256]internEntry[V]
	m     map[string]internEntry[V]
}

type internEntry[V any] struct {
	key string
	val V
	ok  bool
}

const maxInterned = 4096

func slotOf(b []byte) uint8 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return uint8(h ^ h>>8 ^ h>>16)
}

func (t *internTable[V]) get(b []byte) (V, bool) {
	s := &t.slots[slotOf(b)]
	if s.ok && s.key == string(b) {
		return s.val, true
	}
	e, ok := t.m[string(b)]
	if ok {
		*s = e
	}
	return e.val, ok
}

// put keeps v for key, unless the table is full.
func (t *internTable[V]) put(key string, v V) {
	if t.m == nil {
		t.m = map[string]internEntry[V]{}
	}
	if len(t.m) >= maxInterned {
		return
	}
	e := internEntry[V]{key, v, true}
	t.m[key] = e
	t.slots[slotOf([]byte(key))] = e
}
