/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the reference model: the paper's definitions on single pages
 * (model.c), used by the flexpage loops (model_fpage.c), the spaces
 * (model_space.c) and the export (model_export.c).  Spaces are indexes
 * into s->spaces; pages are page numbers.
 */
#ifndef _L4MM_MODEL_IMPL_H
#define _L4MM_MODEL_IMPL_H

#include "model.h"

int m_find(const struct model *s, const char *name);
/* s n v: the entry, or NULL for None. */
struct model_entry *m_get(const struct model *s, int n, uint32_t v);
/* (n,v <- None) s */
void m_set_none(struct model *s, int n, uint32_t v);
/* (n,v <- m) s, the new mapping with these attributes and no children. */
void m_set(struct model *s, int n, uint32_t v, struct model_m m,
	   uint8_t rights, uint8_t status, bool uncached);
struct model_m m_virtual(int n, uint32_t v);
/* s |- m */
bool m_valid(const struct model *s, struct model_m m);
/* s |- m ~>* Virtual n v */
bool m_leads_to(const struct model *s, struct model_m m, int n, uint32_t v);
size_t m_total(const struct model *s);
/*
 * Does the set of mappings derived from n,v (found through the child
 * lists) equal the definition's (every entry checked with m_leads_to)?
 * *count: the size of the definition's set.
 */
bool m_derived_literally(const struct model *s, int n, uint32_t v,
			 size_t *count);

/* The paper's unmap n v and flush n v. */
void m_unmap(struct model *s, int n, uint32_t v);
void m_flush(struct model *s, int n, uint32_t v);
/*
 * unmap/flush n v with a rights mask (docs/extensions.md 2, 3): returns
 * the OR of the status bits read and cleared.
 */
uint8_t m_revoke(struct model *s, int n, uint32_t v, uint8_t mask,
		 bool flush);
/* The status bits of n,v and all derived from it, read and cleared. */
uint8_t m_read_status(struct model *s, int n, uint32_t v);
/* One page step of map and grant: true if a mapping was installed. */
bool m_map_page(struct model *s, int a, uint32_t v, int b, uint32_t w,
		uint8_t mask, bool uncached);
bool m_grant_page(struct model *s, int a, uint32_t v, int b, uint32_t w,
		  uint8_t mask, bool uncached, bool keep);

/* The reserved kind of page v of space n and its frame and rights. */
enum model_reserved m_reserved(const struct model *s, int n, uint32_t v,
			       uint32_t *frame, uint8_t *rights);

#endif /* _L4MM_MODEL_IMPL_H */
