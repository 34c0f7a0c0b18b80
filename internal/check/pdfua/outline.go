package pdfua

import (
	"fmt"
)

const maxOutlineItems = 100000

// checkOutlineCounts: each outline item with children has a non-zero /Count
// whose magnitude is the number of items shown when it is open (ISO 32000-1
// 12.3.3); the root's /Count, when present, is the number of items visible.
// Wrong counts make viewers show or hide the wrong bookmarks.
func checkOutlineCounts(c *checker) {
	root := c.dict(c.catalog.get("Outlines"))
	if root == nil {
		return
	}
	budget := maxOutlineItems
	visible := c.outlineVisible(root, "the outline root", &budget, map[int]bool{})
	if n, ok := c.integer(root.get("Count")); ok && n != visible {
		c.add(RuleOutlineCount, 0, "outline root /Count is %d, but %d items are visible", n, visible)
	}
}

// outlineVisible checks the children of node and returns how many items are
// visible below it when it is open.
func (c *checker) outlineVisible(node Dict, label string, budget *int, seen map[int]bool) int {
	total := 0
	for o := node.get("First"); o != nil; {
		nr := objNr(o)
		if seen[nr] || *budget <= 0 {
			c.add(RuleOutlineCount, 0, "outline under %s is cyclic or too large", label)
			return total
		}
		seen[nr] = true
		*budget--
		// Each item is read once (seen), into the transient arenas, which
		// are released when it is done with.
		mark := c.f.objs.mark()
		item := c.dictTransient(o)
		if item == nil {
			c.f.objs.release(mark)
			break
		}
		title, _ := c.text(item.get("Title"))
		itemLabel := fmt.Sprintf("outline item %q", title)
		below := c.outlineVisible(item, itemLabel, budget, seen)
		n, hasCount := c.integer(item.get("Count"))
		total++
		switch {
		case item.get("First") == nil:
			if hasCount && n != 0 {
				c.add(RuleOutlineCount, 0, "%s has no children but /Count %d", itemLabel, n)
			}
		case !hasCount || n == 0:
			c.add(RuleOutlineCount, 0, "%s has children but /Count is missing or 0", itemLabel)
		case n > 0:
			if n != below {
				c.add(RuleOutlineCount, 0, "%s is open with /Count %d, but %d items are below it", itemLabel, n, below)
			}
			total += below
		case -n != below:
			c.add(RuleOutlineCount, 0, "%s is closed with /Count %d, but %d items would show when opened", itemLabel, n, below)
		}
		o = durable(item.get("Next")) // outlives the release
		c.f.objs.release(mark)
	}
	return total
}
