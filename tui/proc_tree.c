/* The process pane's tree view: parent order with drawn prefixes. */
#include <stdlib.h>
#include <string.h>

#include "tui/tables.h"

/* Order the chosen processes as a tree: a process's parent is the nearest listed ancestor, roots
 * and siblings by pid (the snapshot is sorted by pid). Iterative, so deep chains cannot overflow
 * the stack. */
void proc_tree_order(struct console *c, const size_t *sel, size_t n)
{
	const struct snapshot *s = c->snap;
	size_t *parent = malloc(n * sizeof(*parent)), *first = malloc(n * sizeof(*first));
	size_t *next = malloc(n * sizeof(*next)), *stack = malloc(n * sizeof(*stack));
	size_t *depth = malloc(n * sizeof(*depth));
	if (!parent || !first || !next || !stack || !depth) {
		for (size_t i = 0; i < n; i++) {
			c->rows[i].proc = sel[i];
			c->rows[i].prefix[0] = '\0';
		}
		goto out;
	}
	const size_t NONE = (size_t)-1;
	/* sel is in pid order: find each parent's position by binary search over sel. */
	for (size_t i = 0; i < n; i++) {
		pid_t pp = s->procs[sel[i]].ppid;
		size_t lo = 0, hi = n;
		parent[i] = NONE;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			pid_t mp = s->procs[sel[mid]].pid;
			if (mp == pp) {
				parent[i] = mid != i ? mid : NONE;
				break;
			}
			if (mp < pp)
				lo = mid + 1;
			else
				hi = mid;
		}
		first[i] = next[i] = NONE;
	}
	/* Children lists in pid order: walk backwards, pushing to the front. */
	size_t roots = NONE;
	for (size_t k = n; k-- > 0;) {
		if (parent[k] == NONE) {
			next[k] = roots;
			roots = k;
		} else {
			next[k] = first[parent[k]];
			first[parent[k]] = k;
		}
	}
	/* Pre-order walk; the prefix of a row comes from its ancestors' "has a next sibling". */
	size_t sp = 0, out = 0;
	for (size_t r = roots; r != NONE; r = next[r]) {
		stack[sp++] = r;
		depth[r] = 0;
		while (sp > 0 && out < n) {
			size_t v = stack[--sp];
			struct proc_row *row = &c->rows[out++];
			row->proc = sel[v];
			row->prefix[0] = '\0';
			if (depth[v] > 0) {
				/* Ancestors from the top: vertical bar where one has siblings below. */
				const char *parts[24];
				size_t d = depth[v], np = 0;
				size_t a = v;
				while (d > 0 && np < 24) {
					if (a == v)
						parts[np++] = next[a] != NONE ? c->glyphs.tree_branch : c->glyphs.tree_last;
					else
						parts[np++] = next[a] != NONE ? c->glyphs.tree_vert : c->glyphs.tree_space;
					a = parent[a];
					d--;
				}
				size_t len = 0;
				for (size_t j = np; j-- > 0;) {
					size_t pl = strlen(parts[j]);
					if (len + pl + 1 >= sizeof(row->prefix))
						break;
					memcpy(row->prefix + len, parts[j], pl);
					len += pl;
				}
				row->prefix[len] = '\0';
			}
			/* Push the children, then reverse them on the stack so the lowest pid
			 * comes out first. */
			size_t base = sp;
			for (size_t ch = first[v]; ch != NONE; ch = next[ch]) {
				depth[ch] = depth[v] + 1;
				stack[sp++] = ch;
			}
			for (size_t i = base, j = sp; i + 1 < j; i++, j--) {
				size_t tmp = stack[i];
				stack[i] = stack[j - 1];
				stack[j - 1] = tmp;
			}
		}
	}
	c->nrows = out;
out:
	free(parent);
	free(first);
	free(next);
	free(stack);
	free(depth);
}
