/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CycloneDX XML reader, 1.2 to 1.6 (CycloneDX XML schema bom-1.x.xsd),
 * on libxml2's streaming reader: the metadata, each top-level component
 * and each dependency are expanded into a small DOM on their own,
 * converted and released, so memory stays bounded by the largest
 * component.  The network is never used and entities are not expanded.
 *
 * Positions: libxml2 gives the line and column of a syntax error, but
 * keeps only a line for an element.  The column of an element a
 * diagnostic is about is found in the last bytes read (a window of
 * WINDOW bytes, whole lines): on the element's line, the start of its
 * tag "<name", the k-th when k-1 earlier siblings of the same name share
 * the line.  1-based, in characters (as libxml2 counts); 0 when the line
 * has left the window.  Past line 65,534 libxml2 keeps an element's line
 * only through the text next to it (XML_PARSE_BIG_LINES): elem_line().
 */
#include <string.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "sbomint.h"

#define WINDOW (1u << 20)	/* recent input kept for columns, bytes */

struct cx {
	struct reader *r;
	struct input *in;
	char *win;		/* the last bytes read, WINDOW at most */
	size_t wlen;
	unsigned long wline;	/* line number of win[0] */
	bool wmid;		/* win[0] is not the start of line WLINE */
	unsigned long curline;	/* a line found last (0: none), and */
	size_t curoff;		/* its start in WIN: the next search
				 * for a later line starts there */
	unsigned long topline;	/* the top-level element being read: */
	size_t topoff;		/* its line and byte offset in that line */
	bool topfound;		/* TOPOFF was searched for */
	int minor;
	uint32_t subject;
	bool saw_root;
	char errmsg[200];
	unsigned long errline, errcol;
	bool xmlerr;
	char where[96];
	size_t ntop;		/* top-level components seen */
};

/*
 * Newlines in (P, N), eight bytes a step: the exact zero-byte test leaves
 * 0x80 in each byte that was '\n', and a multiply adds up the bytes' low
 * bits in the top byte (no popcount: without -mpopcnt it is a libgcc
 * call).
 */
static unsigned long
count_nl(const char *p, size_t n)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;
	unsigned long c = 0;
	uint64_t w, m;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		w ^= 0x0a0a0a0a0a0a0a0aull;
		m = ~(((w & lo7) + lo7) | w | lo7);
		c += (unsigned long)(((m >> 7) * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Keep (P, N) at the end of the window; drop old lines. */
static void
window_add(struct cx *x, const char *p, size_t n)
{
	if (x->win == NULL)
		return;
	while (n > 0) {
		size_t k = n < WINDOW / 4 ? n : WINDOW / 4;

		if (x->wlen + k > WINDOW) {
			size_t cut = x->wlen + k - WINDOW / 2;
			const char *nl;

			/* Cut after a newline: win[0] starts a line. */
			nl = memchr(x->win + cut, '\n', x->wlen - cut);
			x->wmid = nl == NULL;
			cut = nl != NULL ? (size_t)(nl - x->win) + 1 : x->wlen;
			x->wline += count_nl(x->win, cut);
			if (x->curoff >= cut)
				x->curoff -= cut;
			else
				x->curline = 0;
			memmove(x->win, x->win + cut, x->wlen - cut);
			x->wlen -= cut;
		}
		memcpy(x->win + x->wlen, p, k);
		x->wlen += k;
		p += k;
		n -= k;
	}
}

static int
xml_read(void *ctx, char *buf, int len)
{
	struct cx *x = ctx;
	size_t got;

	if (vigil__input_read(x->in, buf, (size_t)len, &got, x->r->err) < 0)
		return -1;
	window_add(x, buf, got);
	return (int)got;
}

/*
 * The line of element N.  libxml2 stores lines in 16 bits; with
 * XML_PARSE_BIG_LINES a text node past that keeps its line, the one the
 * parser was on when the text ended, so the line the text (and so the
 * tag before it) started on is that less the text's newlines.  The text
 * looked at is N's first child, else the one after N.
 */
static unsigned long
elem_line(const xmlNode *n)
{
	const xmlNode *t = NULL;
	const xmlChar *c;
	unsigned long line;

	if (n->type != XML_ELEMENT_NODE || n->line != 65535)
		return (unsigned long)xmlGetLineNo(n);
	if (n->children != NULL && n->children->type == XML_TEXT_NODE)
		t = n->children;
	else if (n->next != NULL && n->next->type == XML_TEXT_NODE)
		t = n->next;
	if (t == NULL || t->psvi == NULL)
		return (unsigned long)xmlGetLineNo(n);
	line = (unsigned long)(uintptr_t)t->psvi;
	for (c = t->content; c != NULL && *c != '\0'; c++)
		if (*c == '\n' && line > 1)
			line--;
	return line;
}

/*
 * Find element N's start tag "<name" in the window: *LS gets the start of
 * its line, *OFF the tag's byte offset in it.  On the line of the
 * top-level element being read the search starts at that element (an
 * earlier one on the line was freed by the reader); among siblings of
 * the same name on one line, the k-th match is the k-th sibling.
 */
static bool
node_find(struct cx *x, const xmlNode *n, const char **ls, size_t *off)
{
	unsigned long line = elem_line(n), l = x->wline;
	const char *p, *e, *le;
	char name[128];
	const xmlNode *s;
	size_t k = 0, nl;
	int w;

	if (x->win == NULL || n->type != XML_ELEMENT_NODE || line < l ||
	    (line == l && x->wmid))
		return false;
	p = x->win;
	e = x->win + x->wlen;
	/* Lines are looked for in increasing order: start at the last. */
	if (x->curline != 0 && x->curline <= line) {
		l = x->curline;
		p = x->win + x->curoff;
	}
	for (; l < line && p < e; l++) {
		if ((p = memchr(p, '\n', (size_t)(e - p))) == NULL)
			return false;
		p++;
	}
	if (l != line || p >= e)
		return false;
	*ls = p;
	x->curline = line;
	x->curoff = (size_t)(p - x->win);
	if ((le = memchr(p, '\n', (size_t)(e - p))) == NULL)
		le = e;
	w = snprintf(name, sizeof(name), "<%s%s%s",
	    n->ns != NULL && n->ns->prefix != NULL ?
	    (const char *)n->ns->prefix : "",
	    n->ns != NULL && n->ns->prefix != NULL ? ":" : "",
	    (const char *)n->name);
	if (w < 0 || (size_t)w >= sizeof(name))
		return false;
	nl = (size_t)w;
	for (s = n->prev; s != NULL; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && elem_line(s) == line &&
		    strcmp((const char *)s->name,
		    (const char *)n->name) == 0)
			k++;
	if (line == x->topline && x->topoff < (size_t)(le - p))
		p += x->topoff;
	for (; p + nl <= le; p++) {
		if (memcmp(p, name, nl) != 0 || (p + nl < le &&
		    !vgx_isspace((unsigned char)p[nl]) && p[nl] != '>' &&
		    p[nl] != '/'))
			continue;
		if (k-- == 0) {
			*off = (size_t)(p - *ls);
			return true;
		}
	}
	return false;
}

/* The column of element N's start tag, in characters, or 0. */
static unsigned long
node_col(struct cx *x, const xmlNode *n)
{
	const char *ls;
	unsigned long col = 1;
	size_t off, i;

	if (!node_find(x, n, &ls, &off))
		return 0;
	/* In characters, as libxml2 counts its columns. */
	for (i = 0; i < off; i++)
		if (((unsigned char)ls[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/*
 * Remember where the top-level element N starts.  The first one on a
 * line is searched from the line's start, when a diagnostic needs it; a
 * second one on the same line is searched now, past the first's '<'.
 */
static void
top_mark(struct cx *x, const xmlNode *n)
{
	unsigned long line = elem_line(n);
	const char *ls;
	size_t off;

	if (line != x->topline) {
		x->topline = line;
		x->topoff = 0;
		x->topfound = false;
		return;
	}
	if (!x->topfound) {
		/* The first one's offset, then past it. */
		x->topoff = 0;
		if (node_find(x, n, &ls, &off))
			x->topoff = off;
	}
	x->topoff++;
	x->topfound = node_find(x, n, &ls, &off);
	if (x->topfound)
		x->topoff = off;
	else
		x->topline = 0;
}

static int
xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void
on_error(void *arg, xmlErrorPtr e)
{
	struct cx *x = arg;
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR || x->xmlerr)
		return;
	x->xmlerr = true;
	snprintf(x->errmsg, sizeof(x->errmsg), "%s", e->message ? e->message :
	    "XML error");
	n = strlen(x->errmsg);
	while (n > 0 && (x->errmsg[n - 1] == '\n' || x->errmsg[n - 1] == ' '))
		x->errmsg[--n] = '\0';
	/* One line: libxml2 puts the bad bytes on a second one. */
	for (n = 0; x->errmsg[n] != '\0'; n++)
		if (x->errmsg[n] == '\n')
			x->errmsg[n] = ' ';
	x->errline = e->line > 0 ? (unsigned long)e->line : 0;
	x->errcol = e->int2 > 0 ? (unsigned long)e->int2 : 0;
}

#define DIAG(x, kind, node, ...) do {					\
	int rc_ = vigil__sbom_diag((x)->r, (kind),			\
	    (node) ? elem_line(node) : 0,				\
	    (node) ? node_col((x), (node)) : 0, (x)->where, __VA_ARGS__);	\
	if (rc_ < 0)							\
		return rc_;						\
} while (0)

static bool
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)name[0] &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* Text content of N (an element with only text): an arena copy. */
static const char *
text(struct cx *x, const xmlNode *n)
{
	xmlChar *t;
	const char *s, *e, *r;

	if (n == NULL)
		return NULL;
	if ((t = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = (const char *)t;
	while (vgx_isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && vgx_isspace((unsigned char)e[-1]))
		e--;
	r = vigil__cb_str(x->r, s, (size_t)(e - s));
	xmlFree(t);
	return r;
}

static const char *
attr(struct cx *x, const xmlNode *n, const char *name)
{
	xmlChar *t = xmlGetProp(n, (const xmlChar *)name);
	const char *r;

	if (t == NULL)
		return NULL;
	r = vigil__cb_str(x->r, (const char *)t, strlen((const char *)t));
	xmlFree(t);
	return r;
}

static const char *const comp_types[] = { "application", "framework",
	"library", "container", "platform", "operating-system", "device",
	"device-driver", "firmware", "file", "machine-learning-model",
	"data", "cryptographic-asset", NULL };

static bool
in_list(const char *s, const char *const *l)
{
	for (; *l != NULL; l++)
		if (strcmp(s, *l) == 0)
			return true;
	return false;
}

static int
component(struct cx *x, const xmlNode *o, uint32_t parent, uint32_t depth,
    bool subject)
{
	struct reader *r = x->r;
	struct cbuild *b = &r->b;
	const xmlNode *n, *c, *k;
	const char *s;
	uint32_t idx;
	int rc;

	if (depth > 64) {
		DIAG(x, D_DEVIATION, o, "components nested more than 64 deep");
		return 0;
	}
	vigil__cb_reset(b);
	b->c.subject = subject;
	b->c.type = attr(x, o, "type");
	if (b->c.type == NULL)
		DIAG(x, D_DEVIATION, o, "component has no 'type' attribute");
	else if (!in_list(b->c.type, comp_types))
		DIAG(x, D_DEVIATION, o, "'%s' is not a valid component type",
		    b->c.type);
	b->c.ref = attr(x, o, "bom-ref");
	if (b->c.ref != NULL && *b->c.ref == '\0') {
		DIAG(x, D_DEVIATION, o, "'bom-ref' is empty");
		b->c.ref = NULL;
	}
	b->c.name = text(x, child(o, "name"));
	if (b->c.name == NULL)
		DIAG(x, D_DEVIATION, o, "component has no <name>");
	b->c.version = text(x, child(o, "version"));
	if (b->c.version == NULL && x->minor > 0 && x->minor < 4)
		DIAG(x, D_DEVIATION, o, "component has no <version> (required "
		    "before CycloneDX 1.4)");
	b->c.group = text(x, child(o, "group"));
	b->c.description = text(x, child(o, "description"));
	b->c.purl = text(x, child(o, "purl"));
	b->c.copyright = text(x, child(o, "copyright"));
	b->c.author = text(x, child(o, "author"));
	if ((n = child(o, "supplier")) != NULL ||
	    (n = child(o, "manufacturer")) != NULL)
		b->c.supplier = text(x, child(n, "name"));
	if (b->c.supplier == NULL)
		b->c.supplier = text(x, child(o, "publisher"));
	if ((s = text(x, child(o, "cpe"))) != NULL &&
	    vigil__cb_cpe(r, s) < 0)
		return vigil__error_oom(r->err);
	if ((n = child(o, "swid")) != NULL) {
		b->c.swid = attr(x, n, "tagId");
		if (b->c.swid == NULL || attr(x, n, "name") == NULL)
			DIAG(x, D_DEVIATION, n, "<swid> needs tagId and name");
	}
	if ((n = child(o, "hashes")) != NULL) {
		for (c = n->children; c != NULL; c = c->next) {
			const char *alg, *canon, *v;
			bool exact;
			size_t len;

			if (!is(c, "hash"))
				continue;
			alg = attr(x, c, "alg");
			v = text(x, c);
			if (alg == NULL || v == NULL) {
				DIAG(x, D_DEVIATION, c, "<hash> needs alg and a "
				    "value");
				continue;
			}
			canon = vigil__sbom_hash_alg(alg, strlen(alg), &exact);
			if (canon == NULL) {
				DIAG(x, D_DEVIATION, c, "unknown hash algorithm "
				    "'%s'", alg);
				continue;
			}
			if (!exact)
				DIAG(x, D_DEVIATION, c, "hash algorithm '%s' "
				    "should be written '%s'", alg, canon);
			len = strlen(v);
			if ((vigil__sbom_hash_len(canon) != 0 &&
			    vigil__sbom_hash_len(canon) != len) ||
			    strspn(v, "0123456789abcdefABCDEF") != len) {
				DIAG(x, D_DEVIATION, c, "%s value is not a hex "
				    "digest of the right length", canon);
				continue;
			}
			if (vigil__cb_hash(r, canon, v) < 0)
				return vigil__error_oom(r->err);
		}
	}
	if ((n = child(o, "licenses")) != NULL) {
		for (c = n->children; c != NULL; c = c->next) {
			if (is(c, "expression")) {
				if ((s = text(x, c)) != NULL &&
				    vigil__cb_license(r, s) < 0)
					return vigil__error_oom(r->err);
			} else if (is(c, "license")) {
				const xmlNode *id = child(c, "id");
				const xmlNode *nm = child(c, "name");

				if ((id != NULL) == (nm != NULL)) {
					DIAG(x, D_DEVIATION, c, "<license> needs "
					    "exactly one of <id> and <name>");
					continue;
				}
				if ((s = text(x, id ? id : nm)) != NULL &&
				    vigil__cb_license(r, s) < 0)
					return vigil__error_oom(r->err);
			}
		}
	}
	if ((n = child(o, "externalReferences")) != NULL) {
		for (c = n->children; c != NULL; c = c->next) {
			const char *type, *url;

			if (!is(c, "reference"))
				continue;
			type = attr(x, c, "type");
			url = text(x, child(c, "url"));
			if (type == NULL || url == NULL) {
				DIAG(x, D_DEVIATION, c, "<reference> needs type and "
				    "<url>");
				continue;
			}
			if (vigil__cb_extref(r, type, url) < 0)
				return vigil__error_oom(r->err);
		}
	}
	if ((n = child(o, "properties")) != NULL) {
		for (c = n->children; c != NULL; c = c->next) {
			const char *name, *v;

			if (!is(c, "property"))
				continue;
			if ((name = attr(x, c, "name")) == NULL) {
				DIAG(x, D_DEVIATION, c, "<property> has no name");
				continue;
			}
			v = text(x, c);
			if (strcmp(name, SBOM_PROP_CPE) == 0 && v != NULL) {
				if (vigil__cb_cpe(r, v) < 0)
					return vigil__error_oom(r->err);
			} else if (!vigil__sbom_support_prop(r, name, v) &&
			    vigil__cb_prop(r, name, v) < 0) {
				return vigil__error_oom(r->err);
			}
		}
	}
	if ((rc = vigil__cb_commit(r, parent, depth, &idx)) < 0)
		return rc;
	if (subject)
		x->subject = idx;
	if ((n = child(o, "components")) != NULL)
		for (k = n->children; k != NULL; k = k->next)
			if (is(k, "component") &&
			    (rc = component(x, k, idx, depth + 1, false)) < 0)
				return rc;
	return 0;
}

static int
metadata(struct cx *x, const xmlNode *m)
{
	vigil_sbom *doc = x->r->doc;
	vigil_sbom_meta mm = doc->meta;
	const char *authors[64], *tools[256], *s;
	const xmlNode *n, *c;
	size_t na = 0, nt = 0;
	int rc;

	if ((s = text(x, child(m, "timestamp"))) != NULL) {
		if (!vigil__sbom_is_datetime(s, true))
			DIAG(x, D_DEVIATION, child(m, "timestamp"), "'%s' is not a "
			    "date-time", s);
		mm.timestamp = s;
	}
	if ((n = child(m, "authors")) != NULL)
		for (c = n->children; c != NULL; c = c->next)
			if (is(c, "author") && na < VGX_ARRAY_SIZE(authors) &&
			    (s = text(x, child(c, "name"))) != NULL)
				authors[na++] = s;
	if (((n = child(m, "manufacture")) != NULL ||
	    (n = child(m, "manufacturer")) != NULL ||
	    (n = child(m, "supplier")) != NULL) && na == 0 &&
	    (s = text(x, child(n, "name"))) != NULL)
		authors[na++] = s;
	if ((n = child(m, "tools")) != NULL) {
		const xmlNode *list = child(n, "components");

		for (c = (list ? list : n)->children; c != NULL; c = c->next)
			if ((is(c, "tool") || is(c, "component")) &&
			    nt < VGX_ARRAY_SIZE(tools) &&
			    (s = text(x, child(c, "name"))) != NULL)
				tools[nt++] = s;
	}
	mm.authors = authors;
	mm.nauthors = na;
	mm.tools = tools;
	mm.ntools = nt;
	if ((rc = vigil_sbom_set_meta(doc, &mm, x->r->err)) < 0)
		return rc;
	if ((n = child(m, "component")) != NULL) {
		if ((rc = component(x, n, VIGIL_SBOM_NONE, 0, true)) < 0)
			return rc;
		doc->meta.subject = x->subject;
	}
	return 0;
}

static int
dependency(struct cx *x, const xmlNode *d)
{
	vigil_sbom *doc = x->r->doc;
	const xmlNode *c;
	const char *from, *to, *s;

	if ((s = attr(x, d, "ref")) == NULL || *s == '\0') {
		DIAG(x, D_DEVIATION, d, "<dependency> needs a ref");
		return 0;
	}
	if ((from = vigil__sbom_interns(doc, s)) == NULL)
		return vigil__error_oom(x->r->err);
	for (c = d->children; c != NULL; c = c->next) {
		if (!is(c, "dependency"))
			continue;
		if ((s = attr(x, c, "ref")) == NULL || *s == '\0') {
			DIAG(x, D_DEVIATION, c, "<dependency> needs a ref");
			continue;
		}
		if ((to = vigil__sbom_interns(doc, s)) == NULL ||
		    vigil__sbom_pending(doc, from, to, VIGIL_SBOM_DEPENDS_ON,
		    NULL, elem_line(c), 0) < 0)
			return vigil__error_oom(x->r->err);
	}
	return 0;
}

/* The line of the element the reader is on (the parser may be ahead). */
static unsigned long
root_line(xmlTextReaderPtr rd)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(rd);

	return n != NULL ? elem_line(n) : 0;
}

static int
root(struct cx *x, xmlTextReaderPtr rd)
{
	vigil_sbom *doc = x->r->doc;
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(rd);
	const char *pre = "http://cyclonedx.org/schema/bom/1.";
	xmlChar *v;
	char ver[8];

	x->saw_root = true;
	if (strcmp((const char *)xmlTextReaderConstLocalName(rd), "bom") != 0 ||
	    ns == NULL || strncmp((const char *)ns, pre, strlen(pre)) != 0 ||
	    !vgx_isdigit(ns[strlen(pre)]) || ns[strlen(pre) + 1] != '\0')
		return vigil__error(x->r->err, VIGIL_EINVALID, "the root is not "
		    "a CycloneDX <bom> in a http://cyclonedx.org/schema/bom/1.x "
		    "namespace");
	x->minor = ns[strlen(pre)] - '0';
	snprintf(ver, sizeof(ver), "1.%d", x->minor);
	doc->meta.spec_version = vigil__sbom_interns(doc, ver);
	if (x->minor < 2)
		return vigil__error(x->r->err, VIGIL_EUNSUPPORTED, "CycloneDX "
		    "%s is not supported (1.2 to 1.6 are)", ver);
	if ((v = xmlTextReaderGetAttribute(rd, (const xmlChar *)"version")) !=
	    NULL) {
		const char *p = (const char *)v, *e = p + strlen(p);
		uint64_t n;

		if (vgx_parse_uint(&p, e, UINT32_MAX, &n) == 0 && p == e &&
		    n >= 1)
			doc->meta.doc_version = (unsigned long)n;
		else
			vigil__sbom_diag(x->r, D_DEVIATION,
			    root_line(rd), node_col(x,
			    xmlTextReaderCurrentNode(rd)), "",
			    "bom version must be an integer >= 1");
		xmlFree(v);
	}
	if ((v = xmlTextReaderGetAttribute(rd,
	    (const xmlChar *)"serialNumber")) != NULL) {
		doc->meta.serial = vigil__sbom_interns(doc, (const char *)v);
		if (strncmp((const char *)v, "urn:uuid:", 9) != 0 ||
		    strlen((const char *)v) != 45)
			vigil__sbom_diag(x->r, D_DEVIATION,
			    root_line(rd), node_col(x,
			    xmlTextReaderCurrentNode(rd)), "",
			    "serialNumber must be urn:uuid:<UUID>");
		xmlFree(v);
	}
	return 0;
}

int
vigil__read_cdx_xml(struct reader *r, struct input *in)
{
	struct cx x;
	xmlTextReaderPtr rd;
	int ret, rc = 0, section = 0;	/* 1 components, 2 dependencies */

	memset(&x, 0, sizeof(x));
	x.r = r;
	x.in = in;
	x.wline = 1;
	x.subject = VIGIL_SBOM_NONE;
	/* Without the window, diagnostics have no column; no error. */
	x.win = vgx_malloc(WINDOW);
	rd = xmlReaderForIO(xml_read, xml_close, &x, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	if (rd == NULL) {
		vgx_free(x.win);
		return vigil__error_oom(r->err);
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_error, &x);
	ret = xmlTextReaderRead(rd);
	while (ret == 1 && rc == 0 && !r->stop) {
		int type = xmlTextReaderNodeType(rd);
		int depth = xmlTextReaderDepth(rd);
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);
		xmlNodePtr node;

		if (type != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(rd);
			continue;
		}
		if (depth == 0) {
			if ((rc = root(&x, rd)) < 0)
				break;
		} else if (depth == 1) {
			section = 0;
			if (strcmp(name, "components") == 0) {
				section = 1;
			} else if (strcmp(name, "dependencies") == 0) {
				section = 2;
			} else {
				if (strcmp(name, "metadata") == 0) {
					if ((node = xmlTextReaderExpand(rd)) ==
					    NULL)
						break;
					snprintf(x.where, sizeof(x.where),
					    "/bom/metadata");
					rc = metadata(&x, node);
					vigil__arena_reset(&r->scratch);
				}
				ret = xmlTextReaderNext(rd);
				continue;
			}
		} else if (depth == 2 && section != 0) {
			if ((node = xmlTextReaderExpand(rd)) == NULL)
				break;
			top_mark(&x, node);
			if (section == 1 && strcmp(name, "component") == 0) {
				snprintf(x.where, sizeof(x.where),
				    "/bom/components/component[%zu]",
				    ++x.ntop);
				rc = component(&x, node, VIGIL_SBOM_NONE, 0,
				    false);
			} else if (section == 2 &&
			    strcmp(name, "dependency") == 0) {
				x.where[0] = '\0';
				rc = dependency(&x, node);
			}
			vigil__arena_reset(&r->scratch);
			ret = xmlTextReaderNext(rd);
			continue;
		}
		ret = xmlTextReaderRead(rd);
	}
	if (rc == 0 && (ret < 0 || x.xmlerr)) {
		vigil__sbom_diag(r, D_ERROR, x.errline, x.errcol, "", "%s",
		    x.xmlerr ? x.errmsg : "XML is not well-formed");
		rc = VIGIL_EINVALID;
	} else if (rc == 0 && !x.saw_root) {
		rc = vigil__error(r->err, VIGIL_EINVALID, "no root element");
	}
	xmlFreeTextReader(rd);
	vgx_free(x.win);
	return rc;
}

/* ---- XML Schema validation (libxml2) ------------------------------------ */

struct xsdctx {
	void (*on_diag)(void *, const vigil_sbom_diag *);
	void *ctx;
	size_t n;
};

static void
xsd_error(void *arg, xmlErrorPtr e)
{
	struct xsdctx *x = arg;
	vigil_sbom_diag d;
	char msg[256];
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	x->n++;
	if (x->on_diag == NULL)
		return;
	snprintf(msg, sizeof(msg), "%s (XML Schema)", e->message ?
	    e->message : "invalid");
	for (n = 0; msg[n] != '\0'; n++)
		if (msg[n] == '\n')
			msg[n] = ' ';
	d.error = true;
	d.line = e->line > 0 ? (unsigned long)e->line : 0;
	d.column = e->int2 > 0 ? (unsigned long)e->int2 : 0;
	d.pointer = "";
	d.msg = msg;
	x->on_diag(x->ctx, &d);
}

int
vigil_sbom_xsd_validate(const char *path, const char *xsd,
    void (*on_diag)(void *ctx, const vigil_sbom_diag *d), void *ctx,
    size_t *nfail, vigil_error *err)
{
	struct xsdctx x = { on_diag, ctx, 0 };
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	FILE *fp;
	int rc = 0;

	if (nfail != NULL)
		*nfail = 0;
	if ((fp = fopen(xsd, "rb")) == NULL)
		return vigil__error(err, VIGIL_ENOTFOUND, "%s: no such XML "
		    "Schema", xsd);
	fclose(fp);
	if ((pc = xmlSchemaNewParserCtxt(xsd)) == NULL)
		return vigil__error_oom(err);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (schema == NULL)
		return vigil__error(err, VIGIL_EINVALID, "%s: the XML Schema "
		    "does not compile", xsd);
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		xmlSchemaFree(schema);
		return vigil__error_oom(err);
	}
	xmlSchemaSetValidStructuredErrors(vc, xsd_error, &x);
	/* No network, no entity expansion. */
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (doc == NULL) {
		rc = vigil__error(err, VIGIL_EINVALID, "%s: not well-formed XML",
		    path);
	} else {
		if (xmlSchemaValidateDoc(vc, doc) != 0 && x.n == 0)
			x.n = 1;
		xmlFreeDoc(doc);
	}
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	if (nfail != NULL)
		*nfail = x.n;
	return rc;
}
