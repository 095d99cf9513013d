/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry points of the sbom module: format names, detection from content,
 * the input abstraction (a file or memory, read in chunks after the bytes
 * the detector peeked at) and vigil_sbom_read(), which picks the reader,
 * runs it and resolves the dependency graph.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sbomint.h"

static const char *const format_names[] = {
	"unknown", "cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tv",
	"spdx3-jsonld"
};

const char *
vigil_sbom_format_name(vigil_sbom_format f)
{
	if ((size_t)f >= VGX_ARRAY_SIZE(format_names))
		return "unknown";
	return format_names[f];
}

int
vigil_sbom_format_parse(vigil_sbom_format *out, const char *name)
{
	size_t i;

	for (i = 1; i < VGX_ARRAY_SIZE(format_names); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (vigil_sbom_format)i;
			return 0;
		}
	}
	return VIGIL_ENOTFOUND;
}

/* Whether NEEDLE occurs in (buf, len). */
static bool
has_safe(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++) {
		const char *p = memchr(buf + i, needle[0], len - n + 1 - i);

		if (p == NULL)
			return false;
		i = (size_t)(p - buf);
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

int
vigil_sbom_detect(vigil_sbom_format *out, const char *buf, size_t len)
{
	size_t i = 0;

	*out = VIGIL_SBOM_FORMAT_UNKNOWN;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && vgx_isspace((unsigned char)buf[i]))
		i++;
	if (i == len)
		return VIGIL_ENOTFOUND;
	buf += i;
	len -= i;
	if (buf[0] == '<') {
		if (has_safe(buf, len, "cyclonedx.org/schema/bom")) {
			*out = VIGIL_SBOM_CYCLONEDX_XML;
			return 0;
		}
		return VIGIL_ENOTFOUND;
	}
	if (buf[0] == '{') {
		/* The first of the keys that name the format decides. */
		const char *keys[] = { "\"bomFormat\"", "\"spdxVersion\"",
		    "\"@context\"", "\"@graph\"" };
		const vigil_sbom_format fm[] = { VIGIL_SBOM_CYCLONEDX_JSON,
		    VIGIL_SBOM_SPDX_JSON, VIGIL_SBOM_SPDX3_JSONLD,
		    VIGIL_SBOM_SPDX3_JSONLD };
		size_t k, best = SIZE_MAX, at;

		for (k = 0; k < VGX_ARRAY_SIZE(keys); k++) {
			const char *p = buf;
			size_t n = strlen(keys[k]);

			for (at = 0; at + n <= len; at++) {
				p = memchr(buf + at, '"', len - at);
				if (p == NULL)
					break;
				at = (size_t)(p - buf);
				if (at + n <= len && memcmp(p, keys[k], n) == 0)
					break;
			}
			if (p != NULL && at + n <= len && at < best &&
			    memcmp(buf + at, keys[k], n) == 0) {
				best = at;
				*out = fm[k];
			}
		}
		if (*out == VIGIL_SBOM_SPDX3_JSONLD &&
		    !has_safe(buf, len, "spdx.org/rdf/3")) {
			*out = VIGIL_SBOM_FORMAT_UNKNOWN;
			return VIGIL_ENOTFOUND;
		}
		return *out == VIGIL_SBOM_FORMAT_UNKNOWN ? VIGIL_ENOTFOUND : 0;
	}
	/* Tag-value: "SPDXVersion: SPDX-2.x" at the start of a line. */
	for (i = 0; i < len; i++) {
		if ((i == 0 || buf[i - 1] == '\n') && len - i >= 12 &&
		    memcmp(buf + i, "SPDXVersion:", 12) == 0) {
			*out = VIGIL_SBOM_SPDX_TV;
			return 0;
		}
	}
	return VIGIL_ENOTFOUND;
}

/* ---- input --------------------------------------------------------------- */

int
vigil__input_read(struct input *in, char *buf, size_t cap, size_t *got,
    vigil_error *err)
{
	size_t n = 0;

	if (in->peekoff < in->npeek) {
		n = in->npeek - in->peekoff;
		if (n > cap)
			n = cap;
		memcpy(buf, in->peek + in->peekoff, n);
		in->peekoff += n;
	} else if (in->fp != NULL) {
		n = fread(buf, 1, cap, in->fp);
		if (n == 0 && ferror(in->fp))
			return vigil__error(err, VIGIL_EIO, "read error: %s",
			    strerror(errno));
	} else {
		n = in->memlen - in->memoff;
		if (n > cap)
			n = cap;
		memcpy(buf, in->mem + in->memoff, n);
		in->memoff += n;
	}
	in->total += n;
	if (in->total > in->max)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "input larger than %llu bytes",
		    (unsigned long long)in->max);
	*got = n;
	return 0;
}

#define PEEK_SIZE (64u * 1024u)

/*
 * A JSON document whose format keys are not in the first bytes: look at
 * the names of the root object's members (a cheap pass, nothing kept).
 */
struct prescan {
	vigil_sbom_format fmt;
};

static enum jaction
pre_decide(void *ctx, const struct jpath *p, enum jtype t)
{
	struct prescan *ps = ctx;

	(void)t;
	if (p->depth == 0)
		return JA_DESCEND;
	if (p->depth == 1 && ps->fmt == VIGIL_SBOM_FORMAT_UNKNOWN) {
		if (strcmp(p->keys[0], "bomFormat") == 0)
			ps->fmt = VIGIL_SBOM_CYCLONEDX_JSON;
		else if (strcmp(p->keys[0], "spdxVersion") == 0)
			ps->fmt = VIGIL_SBOM_SPDX_JSON;
		else if (strcmp(p->keys[0], "@graph") == 0)
			ps->fmt = VIGIL_SBOM_SPDX3_JSONLD;
	}
	return JA_SKIP;
}

static const struct jstream_ops prescan_ops = { pre_decide, NULL, NULL };

/* The extension a file of FORMAT is expected to have. */
static bool
extension_fits(const char *path, vigil_sbom_format f)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return true;	/* no extension: nothing to say */
	dot++;
	switch (f) {
	case VIGIL_SBOM_CYCLONEDX_JSON:
	case VIGIL_SBOM_SPDX_JSON:
		return strcmp(dot, "json") == 0;
	case VIGIL_SBOM_SPDX3_JSONLD:
		return strcmp(dot, "json") == 0 || strcmp(dot, "jsonld") == 0;
	case VIGIL_SBOM_CYCLONEDX_XML:
		return strcmp(dot, "xml") == 0;
	case VIGIL_SBOM_SPDX_TV:
		return strcmp(dot, "spdx") == 0 || strcmp(dot, "tv") == 0 ||
		    strcmp(dot, "txt") == 0 || strcmp(dot, "tag") == 0;
	default:
		return true;
	}
}

static int
read_input(vigil_sbom **out, struct input *in, const char *path,
    const vigil_sbom_opts *uopts, vigil_error *err)
{
	vigil_sbom_opts defopts = VIGIL_SBOM_OPTS_INIT;
	const vigil_sbom_opts *opts = uopts != NULL ? uopts : &defopts;
	struct reader r;
	vigil_sbom_format fmt = opts->format;
	char *peek = NULL;
	size_t got;
	bool complete;
	int rc;

	*out = NULL;
	in->max = opts->max_bytes;
	memset(&r, 0, sizeof(r));
	if ((peek = vgx_malloc(PEEK_SIZE)) == NULL)
		return vigil__error_oom(err);
	if ((rc = vigil__input_read(in, peek, PEEK_SIZE, &got, err)) < 0)
		goto done;
	/* Fill the peek buffer (stdin may give short reads). */
	while (got < PEEK_SIZE) {
		size_t more;

		if ((rc = vigil__input_read(in, peek + got, PEEK_SIZE - got,
		    &more, err)) < 0)
			goto done;
		if (more == 0)
			break;
		got += more;
	}
	in->peek = peek;
	in->npeek = got;
	in->peekoff = 0;
	in->total = 0;
	if ((rc = vigil_sbom_new(&r.doc, VIGIL_SBOM_FORMAT_UNKNOWN, err)) < 0)
		goto done;
	r.opts = opts;
	r.err = err;
	r.strict = (opts->flags & VIGIL_SBOM_STRICT) != 0;
	r.keep = (opts->flags & VIGIL_SBOM_NOKEEP) == 0;
	vigil__arena_init(&r.scratch);
	vigil__cb_reset(&r.b);
	if (fmt == VIGIL_SBOM_FORMAT_UNKNOWN &&
	    vigil_sbom_detect(&fmt, peek, got) < 0) {
		size_t i = 0;

		while (i < got && (vgx_isspace((unsigned char)peek[i]) ||
		    (unsigned char)peek[i] >= 0xEF))
			i++;
		if (i < got && peek[i] == '{' && in->fp != NULL &&
		    in->fp != stdin) {
			struct prescan ps = { VIGIL_SBOM_FORMAT_UNKNOWN };
			long pos;

			pos = ftell(in->fp);
			rc = vigil__jstream(&r, in, &prescan_ops, &ps);
			if (rc < 0 || fseek(in->fp, pos, SEEK_SET) != 0) {
				if (rc == 0)
					rc = vigil__error(err, VIGIL_EIO,
					    "cannot seek back to re-read");
				goto done;
			}
			in->peekoff = 0;
			in->total = 0;
			r.nerrors = r.ndiags = 0;
			r.have_first = false;
			fmt = ps.fmt;
		} else if (i < got && peek[i] == '{' && in->fp == NULL) {
			struct prescan ps = { VIGIL_SBOM_FORMAT_UNKNOWN };

			rc = vigil__jstream(&r, in, &prescan_ops, &ps);
			if (rc < 0)
				goto done;
			in->memoff = in->npeek;
			in->peekoff = 0;
			in->total = 0;
			r.nerrors = r.ndiags = 0;
			r.have_first = false;
			fmt = ps.fmt;
		}
		if (fmt == VIGIL_SBOM_FORMAT_UNKNOWN) {
			rc = vigil__error(err, VIGIL_EINVALID, "not an SBOM "
			    "vigil reads (CycloneDX JSON/XML, SPDX 2 "
			    "JSON/tag-value, SPDX 3 JSON-LD)");
			goto done;
		}
	}
	r.doc->meta.format = fmt;
	if (path != NULL && strcmp(path, "-") != 0 &&
	    !extension_fits(path, fmt) && (rc = vigil__sbom_diag(&r,
	    D_DEVIATION, 0, 0, "", "content is %s but the file name says "
	    "otherwise", vigil_sbom_format_name(fmt))) < 0)
		goto done;
	switch (fmt) {
	case VIGIL_SBOM_CYCLONEDX_JSON:
		rc = vigil__read_cdx_json(&r, in);
		break;
	case VIGIL_SBOM_SPDX_JSON:
		rc = vigil__read_spdx_json(&r, in);
		break;
	case VIGIL_SBOM_SPDX3_JSONLD:
		rc = vigil__read_spdx3(&r, in);
		break;
	case VIGIL_SBOM_CYCLONEDX_XML:
		rc = vigil__read_cdx_xml(&r, in);
		break;
	case VIGIL_SBOM_SPDX_TV:
		rc = vigil__read_spdx_tv(&r, in);
		break;
	default:
		rc = vigil__error(err, VIGIL_EUNSUPPORTED, "unsupported format");
		break;
	}
	/* Only a document read to its end is handed out, even when some
	 * of its content was not valid (the diagnostics said what). */
	complete = rc == 0 && !r.stop;
	if (rc == 0)
		rc = vigil__sbom_resolve(&r);
	if (rc == 0 && r.nerrors > 0)
		rc = VIGIL_EINVALID;
	if (complete && (rc == 0 || rc == VIGIL_EINVALID)) {
		*out = r.doc;
		r.doc = NULL;
	}
done:
	if (rc == VIGIL_EINVALID && r.doc != NULL && *out == NULL &&
	    r.nerrors == 0 && err != NULL && err->code == 0)
		vigil__error(err, VIGIL_EINVALID, "invalid document");
	vigil_sbom_free(r.doc);
	vigil__arena_dispose(&r.scratch);
	vgx_free(r.b.cpes);
	vgx_free(r.b.hashes);
	vgx_free(r.b.lics);
	vgx_free(r.b.exts);
	vgx_free(r.b.props);
	vgx_free(peek);
	in->peek = NULL;
	return rc;
}

int
vigil_sbom_read(vigil_sbom **out, const char *path,
    const vigil_sbom_opts *opts, vigil_error *err)
{
	struct input in;
	int rc;

	memset(&in, 0, sizeof(in));
	*out = NULL;
	if (strcmp(path, "-") == 0)
		in.fp = stdin;
	else if ((in.fp = fopen(path, "rb")) == NULL)
		return vigil__error(err, VIGIL_EIO, "%s", strerror(errno));
	rc = read_input(out, &in, path, opts, err);
	if (in.fp != stdin)
		fclose(in.fp);
	return rc;
}

int
vigil_sbom_read_mem(vigil_sbom **out, const char *buf, size_t len,
    const vigil_sbom_opts *opts, vigil_error *err)
{
	struct input in;

	memset(&in, 0, sizeof(in));
	in.mem = buf;
	in.memlen = len;
	return read_input(out, &in, NULL, opts, err);
}

/* ---- the licence list of an official schema ---------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
vigil_sbom_license_list_load(char ***out, size_t *n, const char *path,
    vigil_error *err)
{
	json_error_t je;
	json_t *root, *en;
	char **list, *p;
	size_t i, k = 0, bytes = 0, cnt;

	*out = NULL;
	*n = 0;
	if ((root = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL) {
		FILE *fp = fopen(path, "rb");

		if (fp == NULL)
			return vigil__error(err, VIGIL_ENOTFOUND, "%s: no such "
			    "file", path);
		fclose(fp);
		return vigil__error_at(err, VIGIL_EINVALID, je.line > 0 ?
		    (unsigned long)je.line : 0, je.column > 0 ?
		    (unsigned long)je.column : 0, "%s: %s", path, je.text);
	}
	en = json_object_get(root, "enum");
	if (!json_is_array(en) || json_array_size(en) == 0) {
		json_decref(root);
		return vigil__error(err, VIGIL_EINVALID, "%s: no \"enum\" of "
		    "licence ids", path);
	}
	cnt = json_array_size(en);
	for (i = 0; i < cnt; i++)
		if (json_is_string(json_array_get(en, i)))
			bytes += strlen(json_string_value(json_array_get(en,
			    i))) + 1;
	/* One block: the pointers, then the strings. */
	if ((list = vgx_malloc((cnt + 1) * sizeof(*list) + bytes)) == NULL) {
		json_decref(root);
		return vigil__error_oom(err);
	}
	p = (char *)(list + cnt + 1);
	for (i = 0; i < cnt; i++) {
		const char *s = json_string_value(json_array_get(en, i));

		if (s == NULL)
			continue;
		list[k++] = p;
		memcpy(p, s, strlen(s) + 1);
		p += strlen(s) + 1;
	}
	list[k] = NULL;
	json_decref(root);
	qsort(list, k, sizeof(*list), cmp_str);
	*out = list;
	*n = k;
	return 0;
}

void
vigil_sbom_license_list_free(char **list)
{
	vgx_free(list);
}
