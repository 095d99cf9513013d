/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON Schema registry: loading schema documents, indexing their
 * resources, resolving URIs and compiling schemas into linked nodes
 * (schemaint.h shows the shape).  Validation itself is in validate.c.
 *
 * Every document gets a base URI: its root `$id` (`id` in draft-04)
 * resolved against "file://DIR/NAME", or that file URI when it has none.
 * Loading walks the document once and records every embedded resource
 * (`$id`) and anchor (`$anchor`, `$dynamicAnchor`, draft <= 7 "#name" ids)
 * with its absolute URI.  A `$ref` is resolved against the base URI in
 * force where it appears (RFC 3986 §5.2) and looked up:
 *
 *   1. in the referring document's own resources, then in every document
 *      in load order (the first wins, so two files with one `$id`, like
 *      CycloneDX bom-1.2.schema.json and bom-1.2-strict.schema.json, do
 *      not capture each other's internal references);
 *   2. ignoring the query part ("cvss-v3.1.json?20211103" ids);
 *   3. by the last path segment as a file name, preferring a file in the
 *      referring document's directory ("spdx.schema.json").
 *
 * The fragment is then a JSON Pointer (RFC 6901, percent-decoded) or an
 * anchor name.  Compilation is lazy: vigil_schema_registry_find() compiles
 * the requested schema and whatever its `$ref`s reach, and nothing else.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schemaint.h"

/* ---- arena -------------------------------------------------------------- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

#define ARENA_CHUNK (64u * 1024)

void *
vigil__schema_alloc(vigil_schema_registry *reg, size_t size)
{
	struct arena_chunk *ch = reg->arena;
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (size == 0 || size > SIZE_MAX / 2)
		need = 16;
	if (ch == NULL || ch->cap - ch->used < need) {
		size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		if ((ch = vgx_malloc(sizeof(*ch) + cap)) == NULL)
			return NULL;
		ch->used = 0;
		ch->cap = cap;
		ch->next = reg->arena;
		reg->arena = ch;
	}
	p = ch->data + ch->used;
	ch->used += need;
	memset(p, 0, need);
	return p;
}

static char *
arena_strndup(vigil_schema_registry *reg, const char *s, size_t n)
{
	char *p = vigil__schema_alloc(reg, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- URIs (RFC 3986) ---------------------------------------------------- */

struct uri {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_len, auth_len, path_len, query_len, frag_len;
	bool has_scheme, has_auth, has_query, has_frag;
};

/* Split S into the five components of RFC 3986 §3 (appendix B). */
static void
uri_split(const char *s, struct uri *u)
{
	const char *p = s, *e;

	memset(u, 0, sizeof(*u));
	for (e = p; *e != '\0' && *e != ':' && *e != '/' && *e != '?' &&
	    *e != '#'; e++)
		;
	if (*e == ':' && e > p) {
		u->has_scheme = true;
		u->scheme = p;
		u->scheme_len = (size_t)(e - p);
		p = e + 1;
	}
	if (p[0] == '/' && p[1] == '/') {
		p += 2;
		for (e = p; *e != '\0' && *e != '/' && *e != '?' && *e != '#';
		    e++)
			;
		u->has_auth = true;
		u->auth = p;
		u->auth_len = (size_t)(e - p);
		p = e;
	}
	for (e = p; *e != '\0' && *e != '?' && *e != '#'; e++)
		;
	u->path = p;
	u->path_len = (size_t)(e - p);
	p = e;
	if (*p == '?') {
		p++;
		for (e = p; *e != '\0' && *e != '#'; e++)
			;
		u->has_query = true;
		u->query = p;
		u->query_len = (size_t)(e - p);
		p = e;
	}
	if (*p == '#') {
		u->has_frag = true;
		u->frag = p + 1;
		u->frag_len = strlen(p + 1);
	}
}

/* RFC 3986 §5.2.4: remove "." and ".." segments of (IN, LEN) into OUT. */
static int
remove_dots(vgx_buf *out, const char *in, size_t len)
{
	size_t start = out->len, i = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		const char *s = in + i;
		size_t rest = len - i;

		if (rest >= 3 && memcmp(s, "../", 3) == 0) {
			i += 3;
		} else if (rest >= 2 && memcmp(s, "./", 2) == 0) {
			i += 2;
		} else if ((rest >= 3 && memcmp(s, "/./", 3) == 0)) {
			i += 2;
		} else if (rest == 2 && memcmp(s, "/.", 2) == 0) {
			i += 1;
			rc = vgx_buf_addc(out, '/');
			i = len;
		} else if ((rest >= 4 && memcmp(s, "/../", 4) == 0) ||
		    (rest == 3 && memcmp(s, "/..", 3) == 0)) {
			/* drop the last segment written */
			while (out->len > start && out->ptr[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
			out->ptr[out->len] = '\0';
			if (rest == 3) {
				rc = vgx_buf_addc(out, '/');
				i = len;
			} else {
				i += 3;
			}
		} else if ((rest == 1 && s[0] == '.') ||
		    (rest == 2 && memcmp(s, "..", 2) == 0)) {
			i = len;
		} else {
			size_t j = s[0] == '/' ? 1 : 0;

			while (j < rest && s[j] != '/')
				j++;
			rc = vgx_buf_add(out, s, j);
			i += j;
		}
	}
	return rc;
}

static int
add_part(vgx_buf *b, const char *pre, const char *s, size_t n)
{
	int rc = vgx_buf_adds(b, pre);

	return rc < 0 ? rc : vgx_buf_add(b, s, n);
}

/* RFC 3986 §5.2.2: resolve REF against BASE into OUT (reset first). */
static int
uri_resolve(vgx_buf *out, const char *base, const char *ref)
{
	struct uri b, r;
	int rc = 0;

	vgx_buf_reset(out);
	uri_split(base, &b);
	uri_split(ref, &r);
	if (r.has_scheme) {
		rc = add_part(out, "", r.scheme, r.scheme_len);
		if (rc == 0)
			rc = vgx_buf_addc(out, ':');
		if (rc == 0 && r.has_auth)
			rc = add_part(out, "//", r.auth, r.auth_len);
		if (rc == 0)
			rc = remove_dots(out, r.path, r.path_len);
		if (rc == 0 && r.has_query)
			rc = add_part(out, "?", r.query, r.query_len);
	} else {
		if (b.has_scheme) {
			rc = add_part(out, "", b.scheme, b.scheme_len);
			if (rc == 0)
				rc = vgx_buf_addc(out, ':');
		}
		if (rc == 0 && r.has_auth) {
			rc = add_part(out, "//", r.auth, r.auth_len);
			if (rc == 0)
				rc = remove_dots(out, r.path, r.path_len);
			if (rc == 0 && r.has_query)
				rc = add_part(out, "?", r.query, r.query_len);
		} else if (rc == 0) {
			if (b.has_auth)
				rc = add_part(out, "//", b.auth, b.auth_len);
			if (rc == 0 && r.path_len == 0) {
				rc = vgx_buf_add(out, b.path, b.path_len);
				if (rc == 0 && r.has_query)
					rc = add_part(out, "?", r.query,
					    r.query_len);
				else if (rc == 0 && b.has_query)
					rc = add_part(out, "?", b.query,
					    b.query_len);
			} else if (rc == 0) {
				vgx_buf m;
				const char *slash;

				/* §5.2.3 merge, then remove dot segments */
				vgx_buf_init(&m, out->max);
				if (r.path[0] == '/') {
					rc = vgx_buf_add(&m, r.path, r.path_len);
				} else {
					if (b.has_auth && b.path_len == 0)
						rc = vgx_buf_addc(&m, '/');
					slash = NULL;
					if (b.path_len > 0) {
						size_t k = b.path_len;

						while (k > 0 && b.path[k - 1] != '/')
							k--;
						if (k > 0)
							slash = b.path + k;
					}
					if (rc == 0 && slash != NULL)
						rc = vgx_buf_add(&m, b.path,
						    (size_t)(slash - b.path));
					if (rc == 0)
						rc = vgx_buf_add(&m, r.path,
						    r.path_len);
				}
				if (rc == 0)
					rc = remove_dots(out, vgx_buf_cstr(&m),
					    m.len);
				vgx_buf_dispose(&m);
				if (rc == 0 && r.has_query)
					rc = add_part(out, "?", r.query,
					    r.query_len);
			}
		}
	}
	if (rc == 0 && r.has_frag)
		rc = add_part(out, "#", r.frag, r.frag_len);
	if (rc == 0 && out->ptr == NULL)
		rc = vgx_buf_adds(out, "");
	return rc;
}

/* ---- drafts ------------------------------------------------------------- */

static int
draft_of(const char *s)
{
	if (strstr(s, "json-schema.org/draft-04/") != NULL)
		return SD_4;
	if (strstr(s, "json-schema.org/draft-06/") != NULL)
		return SD_6;
	if (strstr(s, "json-schema.org/draft-07/") != NULL)
		return SD_7;
	if (strstr(s, "json-schema.org/draft/2019-09/") != NULL)
		return SD_2019;
	if (strstr(s, "json-schema.org/draft/2020-12/") != NULL)
		return SD_2020;
	return 0;
}

static const char *
id_key(int draft)
{
	return draft == SD_4 ? "id" : "$id";
}

/* ---- registry ----------------------------------------------------------- */

int
vigil_schema_registry_new(vigil_schema_registry **out, vigil_error *err)
{
	vigil_schema_registry *reg;

	*out = NULL;
	if ((reg = vgx_calloc(1, sizeof(*reg))) == NULL)
		return vigil__error_oom(err);
	if ((reg->cctx = vigil__re_context()) == NULL) {
		vgx_free(reg);
		return vigil__error_oom(err);
	}
	*out = reg;
	return 0;
}

static void
doc_free(struct sdoc *d)
{
	size_t i;

	if (d == NULL)
		return;
	json_decref(d->root);
	for (i = 0; i < d->nres; i++)
		vgx_free(d->res[i].uri);
	vgx_free(d->res);
	vgx_free(d->name);
	vgx_free(d->dir);
	vgx_free(d->base);
	vgx_free(d);
}

void
vigil_schema_registry_free(vigil_schema_registry *reg)
{
	size_t i;
	struct arena_chunk *ch, *next;

	if (reg == NULL)
		return;
	for (i = 0; i < reg->ndocs; i++)
		doc_free(reg->docs[i]);
	vgx_free(reg->docs);
	for (i = 0; i < reg->nregexes; i++)
		pcre2_code_free(reg->regexes[i]);
	vgx_free(reg->regexes);
	for (i = 0; i < reg->nschemas; i++)
		vgx_free(reg->schemas[i]);
	vgx_free(reg->schemas);
	vgx_free(reg->map_keys);
	vgx_free(reg->map_vals);
	for (ch = reg->arena; ch != NULL; ch = next) {
		next = ch->next;
		vgx_free(ch);
	}
	pcre2_compile_context_free(reg->cctx);
	vgx_free(reg);
}

static int
doc_add_res(struct sdoc *d, const char *uri, json_t *node, const char *base,
    int draft, bool anchor)
{
	struct sres *r;

	if (d->nres == d->capres) {
		size_t cap = d->capres ? d->capres * 2 : 8;

		if ((r = vgx_reallocarray(d->res, cap, sizeof(*r))) == NULL)
			return VIGIL_ENOMEM;
		d->res = r;
		d->capres = cap;
	}
	r = &d->res[d->nres];
	if ((r->uri = vgx_strdup(uri)) == NULL)
		return VIGIL_ENOMEM;
	r->node = node;
	r->base = base;
	r->draft = draft;
	r->anchor = anchor;
	d->nres++;
	return 0;
}

/*
 * Record the resources and anchors under V, whose base URI is BASE (the
 * uri of a resource entry of D, so it stays valid).  Values of keywords
 * that hold data rather than schemas are skipped.
 */
static int
index_walk(struct sdoc *d, json_t *v, const char *base, int draft,
    unsigned depth, vgx_buf *tmp)
{
	const char *k;
	json_t *child, *id;
	size_t i;
	int rc;

	if (depth > VIGIL_SCHEMA_MAX_NESTING * 4)
		return VIGIL_ETOOBIG;
	if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if ((rc = index_walk(d, child, base, draft, depth + 1,
			    tmp)) < 0)
				return rc;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (json_is_string(json_object_get(v, "$schema"))) {
		int dr = draft_of(json_string_value(json_object_get(v,
		    "$schema")));

		if (dr != 0)
			draft = dr;
	}
	id = json_object_get(v, id_key(draft));
	if (json_is_string(id) && depth > 0 &&
	    !(draft <= SD_7 && json_object_get(v, "$ref") != NULL)) {
		const char *s = json_string_value(id);

		if (draft <= SD_7 && s[0] == '#') {
			vgx_buf_reset(tmp);
			if ((rc = vgx_buf_adds(tmp, base)) < 0 ||
			    (rc = vgx_buf_adds(tmp, s)) < 0 ||
			    (rc = doc_add_res(d, vgx_buf_cstr(tmp), v, base,
			    draft, true)) < 0)
				return rc;
		} else if (s[0] != '\0') {
			char *hash;

			if ((rc = uri_resolve(tmp, base, s)) < 0)
				return rc;
			/* draft <= 7: "uri#name" is also a plain-name anchor */
			if (draft <= SD_7 && (hash = strchr(tmp->ptr, '#')) !=
			    NULL && hash[1] != '\0' && (rc = doc_add_res(d,
			    tmp->ptr, v, NULL, draft, true)) < 0)
				return rc;
			hash = strchr(tmp->ptr, '#');
			if (hash != NULL) {
				*hash = '\0';
				tmp->len = (size_t)(hash - tmp->ptr);
			}
			if ((rc = doc_add_res(d, vgx_buf_cstr(tmp), v, NULL,
			    draft, false)) < 0)
				return rc;
			base = d->res[d->nres - 1].uri;
			d->res[d->nres - 1].base = base;
			if (d->nres >= 2 && d->res[d->nres - 2].anchor &&
			    d->res[d->nres - 2].node == v)
				d->res[d->nres - 2].base = base;
		}
	}
	if (draft >= SD_2019) {
		static const char *const akeys[] = { "$anchor",
		    "$dynamicAnchor", "$recursiveAnchor" };

		for (i = 0; i < 2; i++) {
			json_t *a = json_object_get(v, akeys[i]);

			if (!json_is_string(a))
				continue;
			vgx_buf_reset(tmp);
			if ((rc = vgx_buf_adds(tmp, base)) < 0 ||
			    (rc = vgx_buf_addc(tmp, '#')) < 0 ||
			    (rc = vgx_buf_adds(tmp, json_string_value(a))) < 0 ||
			    (rc = doc_add_res(d, vgx_buf_cstr(tmp), v, base,
			    draft, true)) < 0)
				return rc;
		}
	}
	json_object_foreach(v, k, child) {
		if (strcmp(k, "enum") == 0 || strcmp(k, "const") == 0 ||
		    strcmp(k, "examples") == 0 || strcmp(k, "default") == 0)
			continue;
		if ((rc = index_walk(d, child, base, draft, depth + 1,
		    tmp)) < 0)
			return rc;
	}
	return 0;
}

static const char *
last_segment(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash != NULL ? slash + 1 : s;
}

int
vigil_schema_registry_add(vigil_schema_registry *reg, const char *buf,
    size_t len, const char *name, const char *dir, vigil_error *err)
{
	struct sdoc *d = NULL;
	json_error_t jerr;
	json_t *id;
	vgx_buf tmp, fileuri;
	const char *nm = name != NULL ? last_segment(name) : "";
	const char *shown = name != NULL ? name : "schema";
	int rc;

	if (reg->ndocs >= VIGIL_SCHEMA_MAX_DOCS)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "more than %d schema documents", VIGIL_SCHEMA_MAX_DOCS);
	if (len > VIGIL_SCHEMA_MAX_DOC)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "%s: schema larger than %u bytes", shown,
		    VIGIL_SCHEMA_MAX_DOC);
	if ((d = vgx_calloc(1, sizeof(*d))) == NULL)
		return vigil__error_oom(err);
	d->root = json_loadb(buf, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &jerr);
	if (d->root == NULL) {
		vgx_free(d);
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return vigil__error_oom(err);
		if (jerr.column > 0)
			(void)vigil__error(err, VIGIL_EINVALID,
			    "%s:%d:%d: not JSON: %s", shown, jerr.line,
			    jerr.column, jerr.text);
		else
			(void)vigil__error(err, VIGIL_EINVALID,
			    "%s:%d: not JSON: %s", shown, jerr.line, jerr.text);
		if (err != NULL) {
			err->line = jerr.line > 0 ? (unsigned long)jerr.line : 0;
			err->column = jerr.column > 0 ?
			    (unsigned long)jerr.column : 0;
		}
		return VIGIL_EINVALID;
	}
	if (!json_is_object(d->root) && !json_is_boolean(d->root)) {
		doc_free(d);
		return vigil__error(err, VIGIL_EINVALID,
		    "%s: a schema must be an object or a boolean", shown);
	}
	vgx_buf_init(&tmp, 1u << 20);
	vgx_buf_init(&fileuri, 1u << 20);
	rc = 0;
	if ((d->name = vgx_strdup(nm)) == NULL ||
	    (d->dir = vgx_strdup(dir != NULL ? dir : "")) == NULL) {
		rc = VIGIL_ENOMEM;
		goto done;
	}
	/* "file://DIR/NAME" (or a made-up name) is the retrieval URI */
	if ((rc = vgx_buf_adds(&fileuri, "file://")) < 0 ||
	    (d->dir[0] != '/' && (rc = vgx_buf_addc(&fileuri, '/')) < 0) ||
	    (rc = vgx_buf_adds(&fileuri, d->dir)) < 0 ||
	    (d->dir[0] != '\0' && (rc = vgx_buf_addc(&fileuri, '/')) < 0) ||
	    (rc = (nm[0] != '\0' ? vgx_buf_adds(&fileuri, nm) :
	    vgx_buf_printf(&fileuri, "schema-%zu.json", reg->ndocs))) < 0)
		goto done;
	d->draft = SD_2020;
	d->id = "";
	if (json_is_object(d->root)) {
		json_t *sch = json_object_get(d->root, "$schema");

		if (json_is_string(sch) &&
		    draft_of(json_string_value(sch)) != 0)
			d->draft = draft_of(json_string_value(sch));
		id = json_object_get(d->root, id_key(d->draft));
		if (json_is_string(id) && json_string_value(id)[0] != '#' &&
		    json_string_value(id)[0] != '\0') {
			char *hash;

			d->id = json_string_value(id);
			if ((rc = uri_resolve(&tmp, vgx_buf_cstr(&fileuri),
			    d->id)) < 0)
				goto done;
			if ((hash = strchr(tmp.ptr, '#')) != NULL)
				*hash = '\0';
			d->base = vgx_strdup(tmp.ptr);
		}
	}
	if (d->base == NULL && (d->base = vgx_strdup(vgx_buf_cstr(&fileuri))) ==
	    NULL) {
		rc = VIGIL_ENOMEM;
		goto done;
	}
	if (d->base == NULL) {
		rc = VIGIL_ENOMEM;
		goto done;
	}
	if ((rc = doc_add_res(d, d->base, d->root, NULL, d->draft, false)) < 0)
		goto done;
	d->res[0].base = d->res[0].uri;
	if ((rc = index_walk(d, d->root, d->res[0].uri, d->draft, 0,
	    &tmp)) < 0)
		goto done;
	if (reg->ndocs == reg->capdocs) {
		size_t cap = reg->capdocs ? reg->capdocs * 2 : 16;
		struct sdoc **p;

		if ((p = vgx_reallocarray(reg->docs, cap, sizeof(*p))) == NULL) {
			rc = VIGIL_ENOMEM;
			goto done;
		}
		reg->docs = p;
		reg->capdocs = cap;
	}
	reg->docs[reg->ndocs++] = d;
	d = NULL;
done:
	vgx_buf_dispose(&tmp);
	vgx_buf_dispose(&fileuri);
	doc_free(d);
	if (rc == VIGIL_ENOMEM)
		return vigil__error_oom(err);
	if (rc == VIGIL_ETOOBIG)
		return vigil__error(err, rc, "%s: schema nested too deeply or "
		    "with too long a URI", shown);
	return rc;
}

int
vigil_schema_registry_add_file(vigil_schema_registry *reg, const char *path,
    vigil_error *err)
{
	char *buf = NULL, *dir = NULL;
	size_t len = 0;
	const char *slash;
	char absdir[PATH_MAX];
	int rc;

	if ((rc = vgx_file_read(&buf, &len, path, VIGIL_SCHEMA_MAX_DOC,
	    err)) < 0)
		return rc;
	slash = strrchr(path, '/');
	if (slash != NULL)
		dir = vgx_strndup(path, (size_t)(slash - path));
	else
		dir = vgx_strdup(".");
	if (dir == NULL) {
		vgx_free(buf);
		return vigil__error_oom(err);
	}
	if (realpath(dir[0] != '\0' ? dir : "/", absdir) != NULL) {
		vgx_free(dir);
		dir = vgx_strdup(absdir);
	}
	if (dir == NULL) {
		vgx_free(buf);
		return vigil__error_oom(err);
	}
	rc = vigil_schema_registry_add(reg, buf, len, path, dir, err);
	vgx_free(buf);
	vgx_free(dir);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
schema_file_name(const char *n)
{
	size_t len = strlen(n);

	if (n[0] == '.')
		return false;
	return (len > 5 && strcmp(n + len - 5, ".json") == 0) ||
	    (len > 7 && strcmp(n + len - 7, ".schema") == 0);
}

int
vigil_schema_registry_add_dir(vigil_schema_registry *reg, const char *dir,
    size_t *count, vigil_error *err)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL, **p;
	size_t n = 0, cap = 0, i;
	vgx_buf path;
	int rc = 0;

	if (count != NULL)
		*count = 0;
	if ((dp = opendir(dir)) == NULL)
		return vigil__error(err, VIGIL_EIO, "%s: %s", dir,
		    strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		if (!schema_file_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if (cap > VIGIL_SCHEMA_MAX_DOCS * 2 ||
			    (p = vgx_reallocarray(names, cap,
			    sizeof(*p))) == NULL) {
				rc = cap > VIGIL_SCHEMA_MAX_DOCS * 2 ?
				    vigil__error(err, VIGIL_ETOOBIG,
				    "%s: too many files", dir) :
				    vigil__error_oom(err);
				goto done;
			}
			names = p;
		}
		if ((names[n] = vgx_strdup(de->d_name)) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	vgx_buf_init(&path, PATH_MAX);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;

		vgx_buf_reset(&path);
		if (vgx_buf_printf(&path, "%s/%s", dir, names[i]) < 0) {
			rc = vigil__error(err, VIGIL_ETOOBIG, "%s/%s: path too "
			    "long", dir, names[i]);
			break;
		}
		if (stat(path.ptr, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((rc = vigil_schema_registry_add_file(reg, path.ptr,
		    err)) < 0)
			break;
		if (count != NULL)
			(*count)++;
	}
	vgx_buf_dispose(&path);
done:
	closedir(dp);
	for (i = 0; i < n; i++)
		vgx_free(names[i]);
	vgx_free(names);
	return rc;
}

bool
vigil_schema_registry_next(const vigil_schema_registry *reg, size_t *iter,
    const char **name, const char **id, int *draft)
{
	const struct sdoc *d;

	if (*iter >= reg->ndocs)
		return false;
	d = reg->docs[(*iter)++];
	*name = d->name;
	*id = d->id;
	*draft = d->draft;
	return true;
}

/* ---- node map (json_t * -> snode *) ------------------------------------- */

static size_t
ptr_hash(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (size_t)v;
}

static struct snode *
map_get(const vigil_schema_registry *reg, const json_t *k)
{
	size_t i;

	if (reg->map_cap == 0)
		return NULL;
	for (i = ptr_hash(k) & (reg->map_cap - 1); reg->map_keys[i] != NULL;
	    i = (i + 1) & (reg->map_cap - 1))
		if (reg->map_keys[i] == k)
			return reg->map_vals[i];
	return NULL;
}

static int
map_put(vigil_schema_registry *reg, const json_t *k, struct snode *v)
{
	size_t i;

	if ((reg->map_used + 1) * 2 > reg->map_cap) {
		size_t cap = reg->map_cap ? reg->map_cap * 2 : 1024, j;
		const json_t **keys = vgx_calloc(cap, sizeof(*keys));
		struct snode **vals = vgx_calloc(cap, sizeof(*vals));

		if (keys == NULL || vals == NULL) {
			vgx_free(keys);
			vgx_free(vals);
			return VIGIL_ENOMEM;
		}
		for (j = 0; j < reg->map_cap; j++) {
			if (reg->map_keys[j] == NULL)
				continue;
			for (i = ptr_hash(reg->map_keys[j]) & (cap - 1);
			    keys[i] != NULL; i = (i + 1) & (cap - 1))
				;
			keys[i] = reg->map_keys[j];
			vals[i] = reg->map_vals[j];
		}
		vgx_free(reg->map_keys);
		vgx_free(reg->map_vals);
		reg->map_keys = keys;
		reg->map_vals = vals;
		reg->map_cap = cap;
	}
	for (i = ptr_hash(k) & (reg->map_cap - 1); reg->map_keys[i] != NULL;
	    i = (i + 1) & (reg->map_cap - 1))
		;
	reg->map_keys[i] = k;
	reg->map_vals[i] = v;
	reg->map_used++;
	return 0;
}

/* ---- resolution --------------------------------------------------------- */

struct target {
	json_t *js;
	struct sdoc *doc;
	const char *base;	/* URI of the enclosing resource */
	int draft;
	vgx_buf loc;		/* "base#pointer" of the target */
};

static bool
uri_eq_noquery(const char *a, const char *b)
{
	size_t la = strcspn(a, "?"), lb = strcspn(b, "?");

	return la == lb && memcmp(a, b, la) == 0;
}

static struct sres *
find_res_in(struct sdoc *d, const char *uri, bool noquery)
{
	size_t i;

	for (i = 0; i < d->nres; i++) {
		struct sres *r = &d->res[i];

		if (r->anchor)
			continue;
		if (noquery ? uri_eq_noquery(r->uri, uri) :
		    strcmp(r->uri, uri) == 0)
			return r;
	}
	return NULL;
}

/* The resource URI names, and the document holding it (see the top). */
static struct sres *
find_res(vigil_schema_registry *reg, struct sdoc *from, const char *uri,
    struct sdoc **docout)
{
	struct sres *r;
	struct uri u;
	const char *seg, *pend;
	size_t i, seglen;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (from != NULL && (r = find_res_in(from, uri, pass)) != NULL) {
			*docout = from;
			return r;
		}
		for (i = 0; i < reg->ndocs; i++)
			if ((r = find_res_in(reg->docs[i], uri, pass)) != NULL) {
				*docout = reg->docs[i];
				return r;
			}
	}
	uri_split(uri, &u);
	pend = u.path + u.path_len;
	for (seg = pend; seg > u.path && seg[-1] != '/'; seg--)
		;
	seglen = (size_t)(pend - seg);
	if (seglen == 0)
		return NULL;
	if (from != NULL)
		for (i = 0; i < reg->ndocs; i++) {
			struct sdoc *d = reg->docs[i];

			if (strlen(d->name) == seglen &&
			    memcmp(d->name, seg, seglen) == 0 &&
			    strcmp(d->dir, from->dir) == 0) {
				*docout = d;
				return &d->res[0];
			}
		}
	for (i = 0; i < reg->ndocs; i++) {
		struct sdoc *d = reg->docs[i];

		if (strlen(d->name) == seglen &&
		    memcmp(d->name, seg, seglen) == 0) {
			*docout = d;
			return &d->res[0];
		}
	}
	return NULL;
}

/* Percent-decode (S, N) into B (reset first). */
static int
pct_decode(vgx_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	vgx_buf_reset(b);
	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    vgx_hexval(s[i + 1]) >= 0 && vgx_hexval(s[i + 2]) >= 0) {
			rc = vgx_buf_addc(b, (char)(vgx_hexval(s[i + 1]) * 16 +
			    vgx_hexval(s[i + 2])));
			i += 2;
		} else {
			rc = vgx_buf_addc(b, s[i]);
		}
	}
	if (rc == 0)
		rc = vgx_buf_adds(b, "");
	return rc;
}

/* Append the JSON Pointer escape of (S, N) ("~0", "~1"). */
static int
ptr_escape(vgx_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] == '~')
			rc = vgx_buf_adds(b, "~0");
		else if (s[i] == '/')
			rc = vgx_buf_adds(b, "~1");
		else
			rc = vgx_buf_addc(b, s[i]);
	}
	return rc;
}

/*
 * Resolve the absolute URI (with fragment) in URI, as referenced from
 * document FROM (may be NULL), into T.  Returns 0, VIGIL_ENOTFOUND or
 * VIGIL_ENOMEM (ERR filled).
 */
static int
resolve(vigil_schema_registry *reg, struct sdoc *from, const char *uri,
    struct target *t, vigil_error *err)
{
	const char *hash = strchr(uri, '#');
	char *res_uri;
	const char *frag = hash != NULL ? hash + 1 : "";
	struct sres *r;
	struct sdoc *d = NULL;
	vgx_buf fb, tmp;
	int rc = 0;

	res_uri = hash != NULL ? vgx_strndup(uri, (size_t)(hash - uri)) :
	    vgx_strdup(uri);
	if (res_uri == NULL)
		return vigil__error_oom(err);
	r = find_res(reg, from, res_uri, &d);
	vgx_free(res_uri);
	if (r == NULL)
		return vigil__error(err, VIGIL_ENOTFOUND,
		    "$ref \"%s\": no schema has that URI or file name", uri);
	vgx_buf_init(&fb, 1u << 20);
	vgx_buf_init(&tmp, 1u << 20);
	t->doc = d;
	t->draft = r->draft;
	t->base = r->uri;
	if ((rc = pct_decode(&fb, frag, strlen(frag))) < 0)
		goto done;
	vgx_buf_reset(&t->loc);
	if (fb.len == 0) {
		t->js = r->node;
		rc = vgx_buf_printf(&t->loc, "%s#", r->uri);
	} else if (fb.ptr[0] == '/') {
		/* JSON Pointer, RFC 6901 */
		json_t *cur = r->node;
		const char *p = fb.ptr;

		if ((rc = vgx_buf_printf(&t->loc, "%s#", r->uri)) < 0)
			goto done;
		while (*p == '/' && cur != NULL) {
			const char *seg = ++p;
			size_t n;

			while (*p != '\0' && *p != '/')
				p++;
			vgx_buf_reset(&tmp);
			for (n = 0; seg + n < p && rc == 0; n++) {
				if (seg[n] == '~' && seg + n + 1 < p &&
				    seg[n + 1] == '0') {
					rc = vgx_buf_addc(&tmp, '~');
					n++;
				} else if (seg[n] == '~' && seg + n + 1 < p &&
				    seg[n + 1] == '1') {
					rc = vgx_buf_addc(&tmp, '/');
					n++;
				} else {
					rc = vgx_buf_addc(&tmp, seg[n]);
				}
			}
			if (rc == 0)
				rc = vgx_buf_adds(&tmp, "");
			if (rc < 0)
				goto done;
			if (json_is_object(cur)) {
				cur = json_object_getn(cur, tmp.ptr, tmp.len);
			} else if (json_is_array(cur)) {
				uint64_t idx;
				const char *sp = tmp.ptr;

				if (vgx_parse_uint(&sp, tmp.ptr + tmp.len,
				    SIZE_MAX, &idx) < 0 ||
				    sp != tmp.ptr + tmp.len ||
				    (tmp.len > 1 && tmp.ptr[0] == '0'))
					cur = NULL;
				else
					cur = json_array_get(cur, (size_t)idx);
			} else {
				cur = NULL;
			}
			if ((rc = vgx_buf_addc(&t->loc, '/')) < 0 ||
			    (rc = ptr_escape(&t->loc, tmp.ptr, tmp.len)) < 0)
				goto done;
			if (json_is_object(cur)) {
				json_t *sch = json_object_get(cur, "$schema");
				json_t *id;

				if (json_is_string(sch) &&
				    draft_of(json_string_value(sch)) != 0)
					t->draft = draft_of(
					    json_string_value(sch));
				id = json_object_get(cur, id_key(t->draft));
				if (json_is_string(id) && *p != '\0') {
					size_t k;

					/* a resource on the way: its URI is the
					 * base from here on */
					for (k = 0; k < d->nres; k++)
						if (d->res[k].node == cur &&
						    !d->res[k].anchor)
							break;
					if (k < d->nres) {
						t->base = d->res[k].uri;
						vgx_buf_reset(&t->loc);
						if ((rc = vgx_buf_printf(&t->loc,
						    "%s#", t->base)) < 0)
							goto done;
					}
				}
			}
		}
		if (cur == NULL) {
			rc = vigil__error(err, VIGIL_ENOTFOUND,
			    "$ref \"%s\": the pointer leads nowhere", uri);
			goto done;
		}
		t->js = cur;
	} else {
		size_t i;

		vgx_buf_reset(&tmp);
		if ((rc = vgx_buf_printf(&tmp, "%s#%s", r->uri, fb.ptr)) < 0)
			goto done;
		t->js = NULL;
		for (i = 0; i < d->nres; i++)
			if (d->res[i].anchor &&
			    strcmp(d->res[i].uri, tmp.ptr) == 0) {
				t->js = d->res[i].node;
				t->base = d->res[i].base;
				t->draft = d->res[i].draft;
				break;
			}
		if (t->js == NULL) {
			rc = vigil__error(err, VIGIL_ENOTFOUND,
			    "$ref \"%s\": no such anchor", uri);
			goto done;
		}
		rc = vgx_buf_adds(&t->loc, tmp.ptr);
	}
done:
	vgx_buf_dispose(&fb);
	vgx_buf_dispose(&tmp);
	if (rc == VIGIL_ENOMEM || rc == VIGIL_ETOOBIG)
		return vigil__error_oom(err);
	return rc;
}

/* ---- compilation -------------------------------------------------------- */

struct comp {
	vigil_schema_registry *reg;
	vigil_error *err;
	struct snode *unlinked;	/* nodes whose $ref is to be linked */
	struct snode *made;	/* nodes made by this find(), a list */
	vgx_buf tmp;
};

static int compile(struct comp *c, struct snode **out, json_t *js,
    struct sdoc *doc, const char *base, int draft, vgx_buf *loc,
    unsigned depth);

static int
bad(struct comp *c, const vgx_buf *loc, const char *kw, const char *what)
{
	return vigil__error(c->err, VIGIL_EINVALID, "%s/%s: %s",
	    vgx_buf_cstr(loc), kw, what);
}

/* Compile subschema JS found at LOC + "/" + KW [+ "/" + SUB]. */
static int
sub(struct comp *c, struct snode **out, json_t *js, struct snode *parent,
    vgx_buf *loc, const char *kw, const char *subkey, size_t subidx,
    unsigned depth)
{
	size_t save = loc->len;
	int rc;

	if ((rc = vgx_buf_addc(loc, '/')) < 0 ||
	    (rc = vgx_buf_adds(loc, kw)) < 0)
		goto done;
	if (subkey != NULL) {
		if ((rc = vgx_buf_addc(loc, '/')) < 0 ||
		    (rc = ptr_escape(loc, subkey, strlen(subkey))) < 0)
			goto done;
	} else if (subidx != (size_t)-1) {
		if ((rc = vgx_buf_printf(loc, "/%zu", subidx)) < 0)
			goto done;
	}
	rc = compile(c, out, js, parent->doc, parent->base, parent->draft, loc,
	    depth + 1);
done:
	loc->len = save;
	if (loc->ptr != NULL)
		loc->ptr[save] = '\0';
	if (rc == VIGIL_ETOOBIG && c->err != NULL && c->err->msg[0] == '\0')
		return vigil__error(c->err, rc, "schema location too long");
	return rc;
}

static int
schema_value(const json_t *v)
{
	return json_is_object(v) || json_is_boolean(v);
}

/* A non-negative integer count (1.0 allowed) into *OUT. */
static int
count_of(const json_t *v, long long *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_real(v) && json_real_value(v) >= 0 &&
	    json_real_value(v) < 9.2e18 &&
	    json_real_value(v) == (double)(long long)json_real_value(v)) {
		*out = (long long)json_real_value(v);
		return 0;
	}
	return -1;
}

static int
compile_list(struct comp *c, struct snode ***out, size_t *nout, json_t *arr,
    struct snode *n, vgx_buf *loc, const char *kw, unsigned depth)
{
	size_t i;
	json_t *v;
	int rc;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, loc, kw, "must be a non-empty array of schemas");
	*out = vigil__schema_alloc(c->reg, json_array_size(arr) *
	    sizeof(**out));
	if (*out == NULL)
		return vigil__error_oom(c->err);
	json_array_foreach(arr, i, v) {
		if (!schema_value(v))
			return bad(c, loc, kw, "items must be schemas");
		if ((rc = sub(c, &(*out)[i], v, n, loc, kw, NULL, i,
		    depth)) < 0)
			return rc;
	}
	*nout = json_array_size(arr);
	return 0;
}

static int
compile_regex(struct comp *c, pcre2_code **out, const char *src,
    vgx_buf *loc, const char *kw)
{
	char ebuf[200];
	char what[260];
	pcre2_code *re, **p;
	vigil_schema_registry *reg = c->reg;

	re = vigil__re_compile(src, strlen(src), reg->cctx, ebuf,
	    sizeof(ebuf));
	if (re == NULL && strcmp(ebuf, "out of memory") == 0)
		return vigil__error_oom(c->err);
	if (re == NULL) {
		(void)snprintf(what, sizeof(what),
		    "regular expression does not compile: %s", ebuf);
		return bad(c, loc, kw, what);
	}
	if (reg->nregexes == reg->capregexes) {
		size_t cap = reg->capregexes ? reg->capregexes * 2 : 64;

		if ((p = vgx_reallocarray(reg->regexes, cap,
		    sizeof(*p))) == NULL) {
			pcre2_code_free(re);
			return vigil__error_oom(c->err);
		}
		reg->regexes = p;
		reg->capregexes = cap;
	}
	reg->regexes[reg->nregexes++] = re;
	*out = re;
	return 0;
}

static int
type_bit(const char *s)
{
	static const struct {
		const char *n;
		unsigned bit;
	} t[] = {
		{ "null", ST_NULL }, { "boolean", ST_BOOLEAN },
		{ "object", ST_OBJECT }, { "array", ST_ARRAY },
		{ "number", ST_NUMBER }, { "string", ST_STRING },
		{ "integer", ST_INTEGER },
	};
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(t); i++)
		if (strcmp(t[i].n, s) == 0)
			return (int)t[i].bit;
	return 0;
}

static int
enum_cmp(const void *a, const void *b)
{
	const struct senum *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int
compile_object_kws(struct comp *c, struct snode *n, json_t *js, vgx_buf *loc,
    unsigned depth)
{
	json_t *v, *w;
	const char *k;
	size_t i;
	int rc;

	/* type */
	if ((v = json_object_get(js, "type")) != NULL) {
		if (json_is_string(v)) {
			if ((n->types = (unsigned)type_bit(json_string_value(v)))
			    == 0)
				return bad(c, loc, "type", "unknown type");
		} else if (json_is_array(v)) {
			json_array_foreach(v, i, w) {
				int b = json_is_string(w) ?
				    type_bit(json_string_value(w)) : 0;

				if (b == 0)
					return bad(c, loc, "type",
					    "unknown type");
				n->types |= (unsigned)b;
			}
			if (n->types == 0)
				return bad(c, loc, "type", "empty list");
		} else {
			return bad(c, loc, "type", "must be a string or array");
		}
	}
	if ((v = json_object_get(js, "enum")) != NULL) {
		if (!json_is_array(v))
			return bad(c, loc, "enum", "must be an array");
		n->enum_vals = v;
		/* long enums (SPDX license ids) are searched by hash */
		if (json_array_size(v) > 16) {
			n->enum_index = vigil__schema_alloc(c->reg,
			    json_array_size(v) * sizeof(*n->enum_index));
			if (n->enum_index == NULL)
				return vigil__error_oom(c->err);
			json_array_foreach(v, i, w) {
				n->enum_index[i].hash = vigil__schema_hash(w);
				n->enum_index[i].value = w;
			}
			qsort(n->enum_index, json_array_size(v),
			    sizeof(*n->enum_index), enum_cmp);
		}
	}
	if ((v = json_object_get(js, "const")) != NULL && n->draft >= SD_6) {
		n->has_const = 1;
		n->const_val = v;
	}
	/* numbers */
	{
		static const char *const nk[] = { "minimum", "maximum",
		    "multipleOf" };
		const json_t **dst[] = { &n->minimum, &n->maximum,
		    &n->multiple_of };

		for (i = 0; i < 3; i++) {
			if ((v = json_object_get(js, nk[i])) == NULL)
				continue;
			if (!json_is_number(v))
				return bad(c, loc, nk[i], "must be a number");
			if (i == 2 && json_number_value(v) <= 0)
				return bad(c, loc, nk[i],
				    "must be greater than 0");
			*dst[i] = v;
		}
	}
	if ((v = json_object_get(js, "exclusiveMinimum")) != NULL) {
		if (json_is_boolean(v))
			n->excl_min_bool = json_is_true(v);
		else if (json_is_number(v))
			n->excl_min = v;
		else
			return bad(c, loc, "exclusiveMinimum",
			    "must be a number or boolean");
	}
	if ((v = json_object_get(js, "exclusiveMaximum")) != NULL) {
		if (json_is_boolean(v))
			n->excl_max_bool = json_is_true(v);
		else if (json_is_number(v))
			n->excl_max = v;
		else
			return bad(c, loc, "exclusiveMaximum",
			    "must be a number or boolean");
	}
	/* counts */
	{
		static const char *const ck[] = { "minLength", "maxLength",
		    "minItems", "maxItems", "minProperties", "maxProperties",
		    "minContains", "maxContains" };
		long long *dst[] = { &n->min_len, &n->max_len, &n->min_items,
		    &n->max_items, &n->min_props, &n->max_props,
		    &n->min_contains, &n->max_contains };

		for (i = 0; i < VGX_ARRAY_SIZE(ck); i++) {
			*dst[i] = -1;
			if ((v = json_object_get(js, ck[i])) == NULL)
				continue;
			if (count_of(v, dst[i]) < 0)
				return bad(c, loc, ck[i],
				    "must be a non-negative integer");
		}
	}
	if ((v = json_object_get(js, "pattern")) != NULL) {
		if (!json_is_string(v))
			return bad(c, loc, "pattern", "must be a string");
		n->pattern_src = json_string_value(v);
		if ((rc = compile_regex(c, &n->pattern, n->pattern_src, loc,
		    "pattern")) < 0)
			return rc;
	}
	if (json_is_string(v = json_object_get(js, "format"))) {
		n->format_name = json_string_value(v);
		n->format = vigil__format_lookup(n->format_name);
	}
	if ((v = json_object_get(js, "uniqueItems")) != NULL)
		n->unique = json_is_true(v);
	if ((v = json_object_get(js, "required")) != NULL && json_is_array(v)) {
		json_array_foreach(v, i, w)
			if (!json_is_string(w))
				return bad(c, loc, "required",
				    "must be an array of strings");
		n->required = v;
	}
	/* object applicators */
	if ((v = json_object_get(js, "properties")) != NULL) {
		if (!json_is_object(v))
			return bad(c, loc, "properties", "must be an object");
		n->props = vigil__schema_alloc(c->reg, (json_object_size(v) + 1) *
		    sizeof(*n->props));
		if (n->props == NULL)
			return vigil__error_oom(c->err);
		json_object_foreach(v, k, w) {
			struct sprop *p = &n->props[n->nprops];

			if (!schema_value(w))
				return bad(c, loc, "properties",
				    "members must be schemas");
			p->name = k;
			if ((rc = sub(c, &p->node, w, n, loc, "properties", k,
			    (size_t)-1, depth)) < 0)
				return rc;
			n->nprops++;
		}
	}
	if ((v = json_object_get(js, "patternProperties")) != NULL) {
		if (!json_is_object(v))
			return bad(c, loc, "patternProperties",
			    "must be an object");
		n->pprops = vigil__schema_alloc(c->reg,
		    (json_object_size(v) + 1) * sizeof(*n->pprops));
		if (n->pprops == NULL)
			return vigil__error_oom(c->err);
		json_object_foreach(v, k, w) {
			struct spattern *p = &n->pprops[n->npprops];

			if (!schema_value(w))
				return bad(c, loc, "patternProperties",
				    "members must be schemas");
			p->src = k;
			if ((rc = compile_regex(c, &p->re, k, loc,
			    "patternProperties")) < 0 ||
			    (rc = sub(c, &p->node, w, n, loc,
			    "patternProperties", k, (size_t)-1, depth)) < 0)
				return rc;
			n->npprops++;
		}
	}
	{
		static const char *const sk[] = { "additionalProperties",
		    "propertyNames", "contains", "not", "if", "then", "else",
		    "unevaluatedProperties", "unevaluatedItems" };
		struct snode **dst[] = { &n->addl_props, &n->prop_names,
		    &n->contains, &n->not_, &n->if_, &n->then_, &n->else_,
		    &n->uneval_props, &n->uneval_items };

		for (i = 0; i < VGX_ARRAY_SIZE(sk); i++) {
			if ((v = json_object_get(js, sk[i])) == NULL)
				continue;
			if (i >= 7 && n->draft < SD_2019)
				continue;
			if (!schema_value(v))
				return bad(c, loc, sk[i], "must be a schema");
			if ((rc = sub(c, dst[i], v, n, loc, sk[i], NULL,
			    (size_t)-1, depth)) < 0)
				return rc;
		}
	}
	/* dependencies (<= 7) and dependentRequired/Schemas (>= 2019-09) */
	{
		json_t *dep = json_object_get(js, "dependencies");
		json_t *dreq = json_object_get(js, "dependentRequired");
		json_t *dsch = json_object_get(js, "dependentSchemas");
		size_t total = 0;

		if ((dep != NULL && !json_is_object(dep)) ||
		    (dreq != NULL && !json_is_object(dreq)) ||
		    (dsch != NULL && !json_is_object(dsch)))
			return bad(c, loc, "dependencies",
			    "must be an object");
		total = json_object_size(dep) + json_object_size(dreq) +
		    json_object_size(dsch);
		if (total > 0 && (n->deps = vigil__schema_alloc(c->reg,
		    total * sizeof(*n->deps))) == NULL)
			return vigil__error_oom(c->err);
		for (i = 0; i < 3; i++) {
			json_t *obj = i == 0 ? dep : i == 1 ? dreq : dsch;
			const char *kwn = i == 0 ? "dependencies" : i == 1 ?
			    "dependentRequired" : "dependentSchemas";

			if (obj == NULL)
				continue;
			json_object_foreach(obj, k, w) {
				struct sdep *d = &n->deps[n->ndeps];
				size_t j;
				json_t *x;

				d->name = k;
				if (json_is_array(w) && i != 2) {
					json_array_foreach(w, j, x)
						if (!json_is_string(x))
							return bad(c, loc, kwn,
							    "must list names");
					d->required = w;
				} else if (schema_value(w) && i != 1) {
					if ((rc = sub(c, &d->node, w, n, loc,
					    kwn, k, (size_t)-1, depth)) < 0)
						return rc;
				} else {
					return bad(c, loc, kwn,
					    "members have the wrong type");
				}
				n->ndeps++;
			}
		}
	}
	/* arrays */
	{
		json_t *items = json_object_get(js, "items");
		json_t *prefix = json_object_get(js, "prefixItems");
		json_t *addl = json_object_get(js, "additionalItems");

		if (prefix != NULL) {
			if ((rc = compile_list(c, &n->tuple, &n->ntuple, prefix,
			    n, loc, "prefixItems", depth)) < 0)
				return rc;
		}
		if (items != NULL && json_is_array(items) && prefix == NULL) {
			if (json_array_size(items) > 0 &&
			    (rc = compile_list(c, &n->tuple, &n->ntuple, items,
			    n, loc, "items", depth)) < 0)
				return rc;
			if (addl != NULL) {
				if (!schema_value(addl))
					return bad(c, loc, "additionalItems",
					    "must be a schema");
				if ((rc = sub(c, &n->addl_items, addl, n, loc,
				    "additionalItems", NULL, (size_t)-1,
				    depth)) < 0)
					return rc;
			}
		} else if (items != NULL) {
			if (!schema_value(items))
				return bad(c, loc, "items", "must be a schema");
			if ((rc = sub(c, &n->items, items, n, loc, "items",
			    NULL, (size_t)-1, depth)) < 0)
				return rc;
		}
	}
	if ((v = json_object_get(js, "allOf")) != NULL &&
	    (rc = compile_list(c, &n->all_of, &n->nall_of, v, n, loc, "allOf",
	    depth)) < 0)
		return rc;
	if ((v = json_object_get(js, "anyOf")) != NULL &&
	    (rc = compile_list(c, &n->any_of, &n->nany_of, v, n, loc, "anyOf",
	    depth)) < 0)
		return rc;
	if ((v = json_object_get(js, "oneOf")) != NULL &&
	    (rc = compile_list(c, &n->one_of, &n->none_of, v, n, loc, "oneOf",
	    depth)) < 0)
		return rc;
	return 0;
}

static int
compile(struct comp *c, struct snode **out, json_t *js, struct sdoc *doc,
    const char *base, int draft, vgx_buf *loc, unsigned depth)
{
	vigil_schema_registry *reg = c->reg;
	struct snode *n;
	json_t *v, *ref;
	vgx_buf newloc;
	vgx_buf *curloc = loc;
	const char *refbase;
	int rc = 0;

	if ((n = map_get(reg, js)) != NULL) {
		*out = n;
		return 0;
	}
	if (depth > VIGIL_SCHEMA_MAX_NESTING)
		return vigil__error(c->err, VIGIL_ETOOBIG,
		    "%s: schemas nested more than %d deep", vgx_buf_cstr(loc),
		    VIGIL_SCHEMA_MAX_NESTING);
	if (reg->nnodes >= VIGIL_SCHEMA_MAX_NODES)
		return vigil__error(c->err, VIGIL_ETOOBIG,
		    "more than %d schema nodes", VIGIL_SCHEMA_MAX_NODES);
	if ((n = vigil__schema_alloc(reg, sizeof(*n))) == NULL)
		return vigil__error_oom(c->err);
	reg->nnodes++;
	n->next_new = c->made;
	c->made = n;
	n->js = js;
	n->doc = doc;
	n->draft = (unsigned short)draft;
	n->base = base;
	n->format = FMT_NONE;
	if ((rc = map_put(reg, js, n)) < 0)
		return vigil__error_oom(c->err);
	*out = n;
	vgx_buf_init(&newloc, 1u << 16);
	if (!json_is_object(js)) {
		n->boolean = json_is_true(js) ? 1 : 0;
		n->loc = arena_strndup(reg, vgx_buf_cstr(loc), loc->len);
		return n->loc == NULL ? vigil__error_oom(c->err) : 0;
	}
	n->boolean = -1;
	if (json_is_string(v = json_object_get(js, "$schema")) &&
	    draft_of(json_string_value(v)) != 0)
		n->draft = (unsigned short)draft_of(json_string_value(v));
	ref = json_object_get(js, "$ref");
	if (ref == NULL && n->draft == SD_2020)
		ref = json_object_get(js, "$dynamicRef");
	if (ref == NULL && n->draft == SD_2019)
		ref = json_object_get(js, "$recursiveRef");
	refbase = base;
	v = json_object_get(js, id_key(n->draft));
	if (json_is_string(v) && json_string_value(v)[0] != '\0' &&
	    !(n->draft <= SD_7 && (json_string_value(v)[0] == '#' ||
	    ref != NULL))) {
		char *hash;

		if ((rc = uri_resolve(&c->tmp, base, json_string_value(v))) < 0)
			goto oom;
		if ((hash = strchr(c->tmp.ptr, '#')) != NULL)
			*hash = '\0';
		if ((n->base = arena_strndup(reg, c->tmp.ptr,
		    strlen(c->tmp.ptr))) == NULL)
			goto oom;
		if ((rc = vgx_buf_printf(&newloc, "%s#", n->base)) < 0)
			goto oom;
		curloc = &newloc;
		if (n->draft >= SD_2019)
			refbase = n->base;
	}
	if ((n->loc = arena_strndup(reg, vgx_buf_cstr(curloc),
	    curloc->len)) == NULL)
		goto oom;
	if (ref != NULL) {
		if (!json_is_string(ref)) {
			rc = bad(c, curloc, "$ref", "must be a string");
			goto done;
		}
		if ((rc = uri_resolve(&c->tmp, refbase,
		    json_string_value(ref))) < 0)
			goto oom;
		if ((n->ref_uri = arena_strndup(reg, c->tmp.ptr,
		    c->tmp.len)) == NULL)
			goto oom;
		n->ref_kw = json_object_get(js, "$ref") != NULL ? "$ref" :
		    n->draft == SD_2020 ? "$dynamicRef" : "$recursiveRef";
		n->ref_alone = n->draft <= SD_7;
		n->next_unlinked = c->unlinked;
		c->unlinked = n;
		if (n->ref_alone)
			goto done;
	}
	rc = compile_object_kws(c, n, js, curloc, depth);
	goto done;
oom:
	rc = vigil__error_oom(c->err);
done:
	vgx_buf_dispose(&newloc);
	return rc;
}

/*
 * After a failed find(), drop the nodes it made from the map (their
 * memory stays in the arena), so that no later find() meets a node with
 * an unlinked $ref.
 */
static void
forget_new(vigil_schema_registry *reg, struct snode *made)
{
	const json_t **keys = reg->map_keys;
	struct snode **vals = reg->map_vals;
	size_t cap = reg->map_cap, i, j;

	for (; made != NULL; made = made->next_new)
		made->dead = 1;
	/* rebuild the table in place from a copy of the survivors */
	reg->map_keys = vgx_calloc(cap, sizeof(*keys));
	reg->map_vals = vgx_calloc(cap, sizeof(*vals));
	reg->map_used = 0;
	if (reg->map_keys == NULL || reg->map_vals == NULL) {
		/* cannot rebuild: forget every node (recompiled on demand) */
		vgx_free(reg->map_keys);
		vgx_free(reg->map_vals);
		reg->map_keys = NULL;
		reg->map_vals = NULL;
		reg->map_cap = 0;
		vgx_free(keys);
		vgx_free(vals);
		return;
	}
	for (i = 0; i < cap; i++) {
		if (keys[i] == NULL || vals[i]->dead)
			continue;
		for (j = ptr_hash(keys[i]) & (cap - 1);
		    reg->map_keys[j] != NULL; j = (j + 1) & (cap - 1))
			;
		reg->map_keys[j] = keys[i];
		reg->map_vals[j] = vals[i];
		reg->map_used++;
	}
	vgx_free(keys);
	vgx_free(vals);
}

/* Link every pending $ref, compiling what they reach. */
static int
link_refs(struct comp *c)
{
	struct target t;
	int rc = 0;

	vgx_buf_init(&t.loc, 1u << 16);
	while (c->unlinked != NULL && rc == 0) {
		struct snode *n = c->unlinked;

		c->unlinked = n->next_unlinked;
		if ((rc = resolve(c->reg, n->doc, n->ref_uri, &t, c->err)) < 0) {
			vigil__error_prefix(c->err, "%s", n->loc);
			break;
		}
		rc = compile(c, &n->ref, t.js, t.doc, t.base, t.draft, &t.loc,
		    0);
	}
	vgx_buf_dispose(&t.loc);
	return rc;
}

int
vigil_schema_registry_find(const vigil_schema **out,
    vigil_schema_registry *reg, const char *name, vigil_error *err)
{
	struct comp c;
	struct target t;
	struct vigil_schema *s, **list;
	struct snode *root = NULL;
	struct sdoc *from = NULL;
	const char *hash = strchr(name, '#');
	size_t nlen = hash != NULL ? (size_t)(hash - name) : strlen(name);
	size_t i;
	int rc;
	vgx_buf uri;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.reg = reg;
	c.err = err;
	vgx_buf_init(&c.tmp, 1u << 20);
	vgx_buf_init(&t.loc, 1u << 16);
	vgx_buf_init(&uri, 1u << 20);
	/* a bare file name: turn it into that document's URI */
	rc = vgx_buf_add(&uri, name, nlen);
	for (i = 0; rc == 0 && i < reg->ndocs; i++)
		if (strlen(reg->docs[i]->name) == nlen && nlen > 0 &&
		    memcmp(reg->docs[i]->name, name, nlen) == 0) {
			vgx_buf_reset(&uri);
			rc = vgx_buf_adds(&uri, reg->docs[i]->base);
			from = reg->docs[i];
			break;
		}
	if (rc == 0 && hash != NULL)
		rc = vgx_buf_adds(&uri, hash);
	if (rc == 0)
		rc = vgx_buf_adds(&uri, "");
	if (rc < 0) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if ((rc = resolve(reg, from, uri.ptr, &t, err)) < 0) {
		if (rc == VIGIL_ENOTFOUND && from == NULL)
			rc = vigil__error(err, VIGIL_ENOTFOUND,
			    "no schema \"%s\" (neither a loaded file name nor "
			    "an $id)", name);
		goto done;
	}
	if ((rc = compile(&c, &root, t.js, t.doc, t.base, t.draft, &t.loc,
	    0)) < 0)
		goto done;
	if ((rc = link_refs(&c)) < 0)
		goto done;
	for (i = 0; i < reg->nschemas; i++) {
		s = reg->schemas[i];
		if (s->root == root) {
			*out = s;
			goto done;
		}
	}
	if (reg->nschemas == reg->capschemas) {
		size_t cap = reg->capschemas ? reg->capschemas * 2 : 8;

		if ((list = vgx_reallocarray(reg->schemas, cap,
		    sizeof(*list))) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
		reg->schemas = list;
		reg->capschemas = cap;
	}
	if ((s = vgx_calloc(1, sizeof(*s))) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	s->root = root;
	s->reg = reg;
	reg->schemas[reg->nschemas++] = s;
	*out = s;
done:
	if (rc < 0)
		forget_new(reg, c.made);
	vgx_buf_dispose(&c.tmp);
	vgx_buf_dispose(&t.loc);
	vgx_buf_dispose(&uri);
	return rc;
}
