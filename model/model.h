/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of section 3 of Tuch & Klein, "Verifying the L4 Virtual
 * Memory Subsystem", and of its extensions in docs/extensions.md, written
 * to be checked by eye against the paper and the spec.  It shares no code
 * with the module (module/core): no MDB, no page tables, just the paper's
 * maps stored as flat arrays and every definition transcribed literally.
 * Slow is fine: clarity first.
 *
 * Beyond the paper it models the module's contract for the things the
 * paper leaves open (see README.md "Semantics"): operations name spaces,
 * and a missing name fails with -ENOENT; create of an existing name fails
 * with -EEXIST; map/grant of an invalid source fail with -ENXIO (the state
 * is unchanged, as in the paper); destroy n = flush every page of n, then
 * remove n.
 *
 * The extensions (docs/extensions.md, sections 1-7; superpages, section 8,
 * are invisible here by design) are one model, not a second one: every
 * mapping carries rights, status bits and the cached attribute, a space
 * may have KIP/UTCB pages, and the flexpage operations are loops of the
 * paper's single-page operations (model_fpage.c).  With every new
 * argument at its default the state, the results and the export are the
 * paper's, so the one model serves the old tests and the new ones alike.
 *
 * Where the spec leaves a choice open the model takes the reading written
 * at the function (model_fpage.c says which regions the checks use and in
 * which order the errors come).
 */
#ifndef _L4MM_MODEL_H
#define _L4MM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_NAME_MAX	15
/* The module allows more; tests need few (-DMODEL_SPACES=n for fewer). */
#ifndef MODEL_SPACES
#define MODEL_SPACES	64
#endif

/* Rights and status bits (docs/extensions.md 2, 3): as the uapi's. */
#define MODEL_R		4U
#define MODEL_W		2U
#define MODEL_X		1U
#define MODEL_RWX	7U

/* Reserved pages (docs/extensions.md 5). */
enum model_reserved {
	MODEL_RES_NONE,
	MODEL_RES_KIP,
	MODEL_RES_UTCB,
};

#define MODEL_KIP_FRAME		0xfffffU
#define MODEL_UTCB_FRAME0	0xf0000U	/* window [0xf0000, 0xfffff) */
#define MODEL_UTCB_FRAMES	0xffffU

/* Grant modes (docs/extensions.md 6). */
enum model_grant_mode {
	MODEL_GRANT_DEFAULT,	/* the state's default */
	MODEL_GRANT_PAPER,
	MODEL_GRANT_KEEP,
};

#define MODEL_ORDER_MIN	12
#define MODEL_ORDER_MAX	32

/* M = Virtual n v | Real r.  A space is named by its index in .spaces. */
struct model_m {
	bool real;
	uint32_t r;		/* Real r: the frame number */
	int n;			/* Virtual n v */
	uint32_t v;		/* a virtual page number */
};

/* A page of a space, as a link between entries; n = -1: none. */
struct model_ref {
	int n;
	uint32_t v;
};

/*
 * One point of a space's map V -> M option, with what the extensions add
 * to a mapping.  child and sibling index the direct paths backwards:
 * the entries whose m is Virtual (this space, this page) form a list
 * from child through sibling, so that what derives from a page is found
 * without scanning every entry (model_theorems checks the index against
 * the entries, and for small states the derived sets against the
 * literal definition).
 */
struct model_entry {
	bool mapped;		/* false: None */
	struct model_m m;
	uint8_t rights;		/* subset of MODEL_RWX, always with MODEL_R */
	uint8_t status;		/* referenced/written/executed */
	bool uncached;
	struct model_ref child, sibling;
	uint32_t born;		/* the operation that installed it */
};

/*
 * A space's map is a flat table of 2^20 entries, allocated in chunks of
 * 1024 on first use (a direct index, not a page table: no levels, no
 * hardware format).
 */
#define MODEL_CHUNK_BITS	10
#define MODEL_CHUNKS		(1U << (20 - MODEL_CHUNK_BITS))
#define MODEL_CHUNK_LEN		(1U << MODEL_CHUNK_BITS)

struct model_space {
	bool used;
	char name[MODEL_NAME_MAX + 1];
	struct model_entry *chunk[MODEL_CHUNKS];
	uint32_t chunk_len[MODEL_CHUNKS];	/* mapped entries in each */
	size_t len;				/* mapped pages */
	/* Reserved regions (docs/extensions.md 5), not part of the map. */
	bool kip;
	uint32_t kip_v;
	uint8_t utcb_order;			/* 0: no UTCB area */
	uint32_t utcb_v;			/* first page */
	uint32_t *utcb_frame;			/* frame of each UTCB page */
};

/* state = N -> (V -> M option), plus the module-wide settings. */
struct model {
	struct model_space spaces[MODEL_SPACES];
	uint32_t sigma0_pages;			/* the module parameter */
	enum model_grant_mode grant_mode;	/* PAPER or KEEP */
	uint8_t utcb_used[(MODEL_UTCB_FRAMES + 7) / 8];	/* frames taken */
	uint32_t op_serial;	/* operations and page steps begun */
	uint32_t removed;	/* mappings the current one removed */
};

/* Outcome of lookup n v (and of access). */
struct model_lookup {
	uint32_t r;		/* the frame */
	uint32_t depth;		/* steps of ~>+ to Real r, minus one */
	struct model_m m;	/* the entry of n,v itself */
	uint8_t rights, status;
	bool uncached;
	enum model_reserved reserved;	/* a KIP/UTCB page: r, rights only */
};

/* Arguments of a flexpage map or grant (docs/extensions.md 1-7). */
struct model_map_args {
	const char *src;
	uint32_t src_v;		/* page number of the fpage's base */
	uint8_t src_order;
	const char *dst;
	uint32_t dst_v;
	uint8_t dst_order;	/* 0: a bare address, the source's size */
	uint64_t snd_base;
	uint8_t rights;		/* mask, must contain MODEL_R */
	bool uncached;
	enum model_grant_mode mode;	/* grant only */
};

/* Reserved regions of a new space. */
struct model_space_opts {
	bool kip;
	uint32_t kip_v;
	uint8_t utcb_order;	/* 0: none */
	uint32_t utcb_v;
};

/* sigma0: page i -> Real i for i < sigma0_pages (none if 0). */
int model_init(struct model *s, uint32_t sigma0_pages);
/*
 * Start an operation: from now on s->removed counts the mappings it
 * removes, each once (every entry it turns to None or replaces), page
 * step by page step: a mapping that one page step of map or grant
 * installs and takes again (a page granted to itself) counts in neither
 * pages installed nor removed; one that an earlier page of the same
 * fpage installed counts in both.  op_serial numbers the steps.
 */
void model_begin_op(struct model *s);
void model_free(struct model *s);

/* Operations by name, vpn = virtual address >> 12.  0 or -errno. */
int model_create(struct model *s, const char *n);
int model_create_opts(struct model *s, const char *n,
		      const struct model_space_opts *o);
int model_destroy(struct model *s, const char *n);
int model_map(struct model *s, const char *n, uint32_t v,
	      const char *n2, uint32_t v2);
int model_grant(struct model *s, const char *n, uint32_t v,
		const char *n2, uint32_t v2);
int model_unmap(struct model *s, const char *n, uint32_t v);
int model_flush(struct model *s, const char *n, uint32_t v);
/* 0 and *out, -ENOENT (no space or unmapped), -ELOOP (theorem broken). */
int model_lookup(const struct model *s, const char *n, uint32_t v,
		 struct model_lookup *out);

/*
 * The flexpage operations (model_fpage.c); *pages: pages installed,
 * *status: the OR of the status bits read and cleared.
 */
int model_map_fpage(struct model *s, const struct model_map_args *a,
		    uint32_t *pages);
int model_grant_fpage(struct model *s, const struct model_map_args *a,
		      uint32_t *pages);
int model_unmap_fpage(struct model *s, const char *n, uint32_t v,
		      uint8_t order, uint8_t rights, uint8_t *status);
int model_flush_fpage(struct model *s, const char *n, uint32_t v,
		      uint8_t order, uint8_t rights, uint8_t *status);
int model_status_fpage(struct model *s, const char *n, uint32_t v,
		       uint8_t order, uint8_t *status);
/* addr: any byte address; access: one of MODEL_R, _W, _X. */
int model_access(struct model *s, const char *n, uint32_t addr,
		 uint8_t access, struct model_lookup *out);
void model_set_grant_mode(struct model *s, enum model_grant_mode mode);

/* Iteration: the first mapped page >= from of space index k, or false. */
bool model_next_mapped(const struct model *s, int k, uint64_t from,
		       uint32_t *v);
/* The entry of space index k at page v, NULL if unmapped. */
const struct model_entry *model_entry_at(const struct model *s, int k,
					 uint32_t v);

/*
 * The canonical abstract export (README.md, "l4mm dump --abstract"):
 * one line per space ("NAME"), one per mapped page
 * ("NAME 0xVVVVVVVV Virtual SRC 0xVVVVVVVV" or "NAME 0xVVVVVVVV Real
 * 0xPPPPPPPP", addresses as 8 hex digits), all lines sorted with strcmp.
 * Reserved pages are "NAME 0xVVVVVVVV Kip 0xPPPPPPPP" or "... Utcb ...";
 * then, only where not the default and in this order, " rights=r-x",
 * " uncached", " status=rw-" (docs/extensions.md 9).
 * Returns a malloc'd string (NULL on ENOMEM).
 */
char *model_export(const struct model *s);
/* Sort the lines of a text with strcmp, in place (shared format helper). */
void model_sort_lines(char *text);
/* "rwx", "r-x", ...: 4 bytes with the NUL. */
void model_rwx(uint8_t bits, char out[4]);
/*
 * The export's suffix of a mapping: " rights=r-x" (not rwx), " uncached",
 * " status=rw-" (some bit set), in this order; "" for the defaults.
 */
void model_suffix(char *out, size_t len, uint8_t rights, bool uncached,
		  uint8_t status);

/*
 * The theorems on the model itself, and the extensions' invariants:
 * 0, or -1 with a message in buf.
 */
int model_theorems(const struct model *s, char *buf, size_t len);

#endif /* _L4MM_MODEL_H */
