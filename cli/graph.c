// SPDX-License-Identifier: GPL-2.0
/*
 * The mapping trees as pictures: the nodes of a GRAPH dump (or of an
 * event) parsed from their L4MM_A_MAPPING nests, and the two writers of
 * `l4mm graph`: Graphviz DOT and JSON (nodes + edges).
 *
 * DOT, in the manner of the paper's figures: one box (cluster) per
 * address space holding its pages, a box "physical memory" at the bottom
 * holding the frames, an arrow from each mapping to the one it derives
 * from (the paper's Virtual n v), and from each Real root to its frame
 * (bold).  Node ids are "SPACE:VADDR" and "frame:PADDR", so that a test
 * can read the edges back; siblings keep the MDB's order (ordering=in).
 * Context nodes (parents of selected mappings, not selected themselves)
 * are dashed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

int graph_node_parse(struct l4mm_ctx *ctx, struct nlattr *nest,
		     struct graph_node *n)
{
	static const int mand[] = {
		L4MM_A_MAP_SPACE, L4MM_A_MAP_VADDR, L4MM_A_MAP_PADDR, 0
	};
	static const char *const names[] = {
		"MAP_SPACE", "MAP_VADDR", "MAP_PADDR"
	};
	struct nlattr *m[L4MM_A_MAP_MAX + 1];

	memset(n, 0, sizeof(*n));
	if (l4mm_parse_nested(m, L4MM_A_MAP_MAX, nest, l4mm_map_policy) ||
	    l4mm_check_mandatory(ctx, m, mand, names))
		return -1;
	snprintf(n->space, sizeof(n->space), "%s",
		 nla_get_string(m[L4MM_A_MAP_SPACE]));
	n->vaddr = nla_get_u64(m[L4MM_A_MAP_VADDR]);
	n->paddr = nla_get_u64(m[L4MM_A_MAP_PADDR]);
	n->depth = m[L4MM_A_MAP_DEPTH] ? nla_get_u32(m[L4MM_A_MAP_DEPTH]) : 0;
	n->has_src = m[L4MM_A_MAP_SRC_SPACE] && m[L4MM_A_MAP_SRC_VADDR];
	if (n->has_src) {
		snprintf(n->src, sizeof(n->src), "%s",
			 nla_get_string(m[L4MM_A_MAP_SRC_SPACE]));
		n->src_vaddr = nla_get_u64(m[L4MM_A_MAP_SRC_VADDR]);
	}
	n->rights = m[L4MM_A_MAP_RIGHTS] ? nla_get_u8(m[L4MM_A_MAP_RIGHTS]) :
		    L4MM_RIGHTS_ALL;
	n->status = m[L4MM_A_MAP_STATUS] ? nla_get_u8(m[L4MM_A_MAP_STATUS]) : 0;
	n->uncached = m[L4MM_A_MAP_UNCACHED];
	n->context = m[L4MM_A_MAP_CONTEXT];
	n->event = m[L4MM_A_MAP_EVENT] ? nla_get_u8(m[L4MM_A_MAP_EVENT]) : 0;
	return 0;
}

static bool same_node(const struct graph_node *a, const struct graph_node *b)
{
	return a->vaddr == b->vaddr && !strcmp(a->space, b->space);
}

static size_t node_hash(const struct graph_node *n)
{
	size_t h = (size_t)(n->vaddr >> 12) * 0x9e3779b1u;
	const char *p;

	for (p = n->space; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x01000193u;
	return h;
}

/* The slot of @n in the index: its node's number + 1, or 0 (free). */
static size_t *graph_slot(const struct graph *g, const struct graph_node *n)
{
	const struct graph_node *v = g->nodes.v;
	size_t i = node_hash(n) & (g->hcap - 1);

	while (g->hash[i] && !same_node(&v[g->hash[i] - 1], n))
		i = (i + 1) & (g->hcap - 1);
	return &g->hash[i];
}

/* Room for one more node in the index (kept at most half full). */
static int graph_grow(struct l4mm_ctx *ctx, struct graph *g)
{
	size_t *old = g->hash, oldcap = g->hcap, i;

	if (2 * (g->nodes.n + 1) <= g->hcap)
		return 0;
	g->hcap = oldcap ? 2 * oldcap : 1024;
	g->hash = calloc(g->hcap, sizeof(*g->hash));
	if (!g->hash) {
		g->hash = old;
		g->hcap = oldcap;
		l4mm_set_err(ctx, ENOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < oldcap; i++)
		if (old[i])
			*graph_slot(g, (struct graph_node *)g->nodes.v +
				    old[i] - 1) = old[i];
	free(old);
	return 0;
}

/*
 * Add a node of a GRAPH dump: a context node that is already there (it
 * comes once per selected child) is not added again, and a selected
 * node replaces its earlier context copy.  An index of the nodes makes
 * it linear.
 */
int graph_add(struct l4mm_ctx *ctx, struct graph *g,
	      const struct graph_node *n)
{
	struct graph_node *v, *slot;
	size_t *h;

	if (graph_grow(ctx, g))
		return -1;
	h = graph_slot(g, n);
	if (*h) {
		v = g->nodes.v;
		if (!n->context)
			v[*h - 1].context = false;
		return 0;
	}
	slot = l4mm_vec_add(ctx, &g->nodes, sizeof(*slot));
	if (!slot)
		return -1;
	*slot = *n;
	*h = g->nodes.n;
	return 0;
}

void graph_free(struct graph *g)
{
	free(g->nodes.v);
	free(g->hash);
	memset(g, 0, sizeof(*g));
}

static const char *const palette[][2] = {
	/* border, fill */
	{ "#4d4d4d", "#f0f0f0" },	/* sigma0 */
	{ "#1f77b4", "#d6e6f5" },
	{ "#d62728", "#f8d9d9" },
	{ "#2ca02c", "#d9f2d9" },
	{ "#9467bd", "#e9e0f3" },
	{ "#ff7f0e", "#ffe6cc" },
	{ "#8c564b", "#eddcd8" },
	{ "#17becf", "#d3f4f7" },
	{ "#bcbd22", "#f3f3cc" },
};

/*
 * A space's colour follows from its name, so that it keeps it from one
 * picture to the next (n1 is blue in every figure); sigma0 is grey.
 */
static const char *const *space_colour(const char *space)
{
	unsigned int h = 0;
	const char *p;

	if (!strcmp(space, "sigma0"))
		return palette[0];
	for (p = space; *p; p++)
		h = h * 31 + (unsigned char)*p;
	return palette[1 + h % (ARRAY_SIZE(palette) - 1)];
}

/* "0x1000" and the attributes that are not the paper's defaults. */
static void node_label(const struct graph_node *n, char *buf, size_t size)
{
	char bits[4];
	size_t len;

	len = snprintf(buf, size, "0x%" PRIx64, n->vaddr);
	if (n->rights != L4MM_RIGHTS_ALL && len < size)
		len += snprintf(buf + len, size - len, "\\n%s",
				bits_str(n->rights, bits));
	if (n->uncached && len < size)
		len += snprintf(buf + len, size - len, "\\nuncached");
	if (n->status && len < size)
		snprintf(buf + len, size - len, "\\nstatus %s",
			 bits_str(n->status, bits));
}

static const struct graph_node *sort_base;

/* sigma0 first, then the spaces by name; the dump's order inside. */
static int by_space(const void *a, const void *b)
{
	const struct graph_node *x = &sort_base[*(const size_t *)a];
	const struct graph_node *y = &sort_base[*(const size_t *)b];
	int xs = !strcmp(x->space, "sigma0"), ys = !strcmp(y->space, "sigma0");
	int c = ys - xs;

	if (!c)
		c = strcmp(x->space, y->space);
	if (!c)
		c = x < y ? -1 : x > y;
	return c;
}

static void dot_node(FILE *f, const struct graph_node *n,
		     const char *const *colour)
{
	char label[96];

	node_label(n, label, sizeof(label));
	fprintf(f, "\t\t\"%s:0x%" PRIx64 "\" [label=\"%s\", "
		"color=\"%s\", fillcolor=\"%s\", tooltip=\"%s:0x%"
		PRIx64 " -> 0x%" PRIx64 "\"%s%s];\n",
		n->space, n->vaddr, label, colour[0], colour[1],
		n->space, n->vaddr, n->paddr,
		n->has_src ? "" : ", peripheries=2",
		n->context ? ", style=\"rounded,dashed\"" : "");
}

/* One cluster per space, O(n log n) for n nodes. */
static void dot_spaces(FILE *f, const struct graph *g)
{
	const struct graph_node *v = g->nodes.v, *n;
	const char *const *colour = palette[0];
	size_t *ix, i;

	ix = malloc((g->nodes.n + 1) * sizeof(*ix));
	if (!ix)
		return;
	for (i = 0; i < g->nodes.n; i++)
		ix[i] = i;
	sort_base = v;
	qsort(ix, g->nodes.n, sizeof(*ix), by_space);
	for (i = 0; i < g->nodes.n; i++) {
		n = &v[ix[i]];
		if (!i || strcmp(n->space, v[ix[i - 1]].space)) {
			if (i)
				fprintf(f, "\t}\n");
			colour = space_colour(n->space);
			fprintf(f, "\tsubgraph \"cluster_%s\" {\n", n->space);
			fprintf(f, "\t\tlabel=\"%s\"; color=\"%s\"; "
				"fontcolor=\"%s\";\n", n->space, colour[0],
				colour[0]);
		}
		dot_node(f, n, colour);
	}
	if (i)
		fprintf(f, "\t}\n");
	free(ix);
}

/**
 * graph_dot() - write the nodes as a Graphviz digraph
 * @f: where
 * @g: the nodes, in the dump's order
 * @title: the graph's label (the command line), or NULL
 */
void graph_dot(FILE *f, const struct graph *g, const char *title)
{
	const struct graph_node *v = g->nodes.v;
	bool any_root = false;
	size_t i;

	fprintf(f, "digraph l4mm {\n");
	fprintf(f, "\tgraph [rankdir=TB, ordering=in, newrank=true, "
		"fontname=\"Helvetica\", fontsize=12, labelloc=t");
	if (title)
		fprintf(f, ", label=\"%s\"", title);
	fprintf(f, "];\n");
	fprintf(f, "\tnode [shape=box, style=\"rounded,filled\", "
		"fontname=\"Helvetica\", fontsize=11];\n");
	fprintf(f, "\tedge [arrowsize=0.7];\n");
	dot_spaces(f, g);
	for (i = 0; i < g->nodes.n; i++)
		any_root |= !v[i].has_src && !v[i].context;
	if (any_root) {
		fprintf(f, "\tsubgraph cluster_physical {\n");
		fprintf(f, "\t\trank=sink; label=\"physical memory\"; labelloc=b; "
			"style=\"rounded,filled\"; "
			"fillcolor=\"#eeeeee\"; color=\"#777777\";\n");
		/* One root per frame: a dump gives each tree once. */
		for (i = 0; i < g->nodes.n; i++)
			if (!v[i].has_src && !v[i].context)
				fprintf(f, "\t\t\"frame:0x%" PRIx64 "\" [label=\"0x%"
					PRIx64 "\", shape=box, style=filled, "
					"fillcolor=white];\n",
					v[i].paddr, v[i].paddr);
		fprintf(f, "\t}\n");
	}
	/* Edges in the dump's order: siblings in the MDB's order. */
	for (i = 0; i < g->nodes.n; i++) {
		if (v[i].context)
			continue;
		if (v[i].has_src)
			fprintf(f, "\t\"%s:0x%" PRIx64 "\" -> \"%s:0x%" PRIx64
				"\";\n", v[i].space, v[i].vaddr, v[i].src,
				v[i].src_vaddr);
		else
			fprintf(f, "\t\"%s:0x%" PRIx64 "\" -> \"frame:0x%" PRIx64
				"\" [style=bold];\n", v[i].space, v[i].vaddr,
				v[i].paddr);
	}
	fprintf(f, "}\n");
}

/**
 * effect_print() - one page an operation installed or removed
 * @n: the page (L4MM_A_MAP_EVENT in @n->event)
 *
 * Text: "  + A:0x1000 -> 0x5000 from sigma0:0x5000" for a page installed,
 * "  - B:0x2000 -> 0x5000" for one removed, without the newline.  JSON:
 * {"op":"+","space":"A","vaddr":4096,"paddr":20480,"src_space":...}.
 */
void effect_print(const struct graph_node *n)
{
	open_json_object(NULL);
	print_str(PRINT_ANY, "op", "  %s",
		  n->event == L4MM_EFFECT_INSTALL ? "+" : "-");
	print_str(PRINT_ANY, "space", " %s", n->space);
	print_u64(PRINT_ANY, "vaddr", ":0x%" PRIx64, n->vaddr);
	print_u64(PRINT_ANY, "paddr", " -> 0x%" PRIx64, n->paddr);
	if (n->has_src) {
		print_str(PRINT_ANY, "src_space", " from %s", n->src);
		print_u64(PRINT_ANY, "src_vaddr", ":0x%" PRIx64, n->src_vaddr);
	}
	close_json_object();
}

/**
 * graph_json() - the same as one JSON document: nodes and edges
 * @g: the nodes, in the dump's order
 *
 * {"nodes":[{"id":"A:0x1000","space":"A","vaddr":4096,"paddr":65536,
 *  "depth":1,"real":false,"context":false,"rights":"rwx",
 *  "uncached":false,"status":"---"},...],
 *  "edges":[{"from":"A:0x1000","to":"sigma0:0x10000"},...]}
 * An edge goes from a mapping to its parent; Real roots have none.
 */
void graph_json(const struct graph *g)
{
	const struct graph_node *v = g->nodes.v;
	char id[64], bits[4];
	size_t i;

	open_json_object(NULL);
	open_json_array("nodes");
	for (i = 0; i < g->nodes.n; i++) {
		snprintf(id, sizeof(id), "%s:0x%" PRIx64, v[i].space,
			 v[i].vaddr);
		open_json_object(NULL);
		print_str(PRINT_JSON, "id", NULL, id);
		print_str(PRINT_JSON, "space", NULL, v[i].space);
		print_u64(PRINT_JSON, "vaddr", NULL, v[i].vaddr);
		print_u64(PRINT_JSON, "paddr", NULL, v[i].paddr);
		print_u64(PRINT_JSON, "depth", NULL, v[i].depth);
		print_bool(PRINT_JSON, "real", NULL, !v[i].has_src);
		print_bool(PRINT_JSON, "context", NULL, v[i].context);
		print_str(PRINT_JSON, "rights", NULL,
			  bits_str(v[i].rights, bits));
		print_bool(PRINT_JSON, "uncached", NULL, v[i].uncached);
		print_str(PRINT_JSON, "status", NULL,
			  bits_str(v[i].status, bits));
		close_json_object();
	}
	close_json_array();
	open_json_array("edges");
	for (i = 0; i < g->nodes.n; i++) {
		if (!v[i].has_src || v[i].context)
			continue;
		open_json_object(NULL);
		snprintf(id, sizeof(id), "%s:0x%" PRIx64, v[i].space,
			 v[i].vaddr);
		print_str(PRINT_JSON, "from", NULL, id);
		snprintf(id, sizeof(id), "%s:0x%" PRIx64, v[i].src,
			 v[i].src_vaddr);
		print_str(PRINT_JSON, "to", NULL, id);
		close_json_object();
	}
	close_json_array();
	close_json_object();
	json_end_doc();
}
