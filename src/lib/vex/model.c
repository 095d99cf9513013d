/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VEX statement model: a document owns a bump arena that holds every
 * string and array of it, so building never frees piecemeal and
 * vigil_vex_doc_free() releases all at once.  Also the entry points that
 * detect a format and hand over to a reader or writer, and the names of
 * statuses, justifications and formats.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vexint.h"

#define BLOCK_MIN (64u * 1024)

struct vx_block {
	struct vx_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

int
vigil__vex_new(struct vx_doc **out, vigil_vex_format fmt, size_t maxdoc,
    size_t max_st, vigil_error *err)
{
	struct vx_doc *d;

	if ((d = vgx_calloc(1, sizeof(*d))) == NULL)
		return vigil__error_oom(err);
	d->pub.format = fmt;
	d->max_st = max_st ? max_st : VIGIL_VEX_MAX_STATEMENTS;
	/* The model of a document stays within a few times its size. */
	if (maxdoc == 0)
		maxdoc = VIGIL_VEX_MAX_DOC;
	d->arena_max = maxdoc > SIZE_MAX / 16 ? SIZE_MAX : maxdoc * 16;
	if (d->arena_max < 16u * 1024 * 1024)
		d->arena_max = 16u * 1024 * 1024;
	*out = d;
	return 0;
}

void *
vigil__vex_alloc(struct vx_doc *d, size_t n, size_t size, vigil_error *err)
{
	struct vx_block *b = d->blocks;
	size_t want;
	void *p;

	if (__builtin_mul_overflow(n, size, &want) || want > d->arena_max) {
		d->last_rc = vigil__error(err, VIGIL_ETOOBIG,
		    "VEX model larger than %zu bytes", d->arena_max);
		return NULL;
	}
	want = (want + 15) & ~(size_t)15;
	if (want == 0)
		want = 16;
	if (b == NULL || b->cap - b->used < want) {
		size_t cap = want > BLOCK_MIN ? want : BLOCK_MIN;

		if (d->arena_bytes + cap > d->arena_max) {
			d->last_rc = vigil__error(err, VIGIL_ETOOBIG,
			    "VEX model larger than %zu bytes", d->arena_max);
			return NULL;
		}
		if ((b = vgx_malloc(sizeof(*b) + cap)) == NULL) {
			d->last_rc = vigil__error_oom(err);
			return NULL;
		}
		b->cap = cap;
		b->used = 0;
		b->next = d->blocks;
		d->blocks = b;
		d->arena_bytes += cap;
	}
	p = b->data + b->used;
	b->used += want;
	memset(p, 0, want);
	return p;
}

char *
vigil__vex_strndup(struct vx_doc *d, const char *s, size_t n,
    vigil_error *err)
{
	char *p;

	if ((p = vigil__vex_alloc(d, n + 1, 1, err)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
vigil__vex_strdup(struct vx_doc *d, const char *s, vigil_error *err)
{
	if (s == NULL)
		return NULL;
	return vigil__vex_strndup(d, s, strlen(s), err);
}

int
vigil__vex_grow(struct vx_doc *d, void **arr, size_t *cap, size_t n,
    size_t size, size_t max, vigil_error *err)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	if (n >= max)
		return d->last_rc = vigil__error(err, VIGIL_ETOOBIG,
		    "more than %zu entries", max);
	ncap = *cap ? *cap * 2 : 4;
	if (ncap > max)
		ncap = max;
	if ((p = vigil__vex_alloc(d, ncap, size, err)) == NULL)
		return VX_FAILED(d);
	if (n > 0)
		memcpy(p, *arr, n * size);
	*arr = p;
	*cap = ncap;
	return 0;
}

vigil_vex_statement *
vigil__vex_add_statement(struct vx_doc *d, vigil_error *err)
{
	void *arr = d->st;
	vigil_vex_statement *st;

	if (vigil__vex_grow(d, &arr, &d->capst, d->pub.nstatements,
	    sizeof(*st), d->max_st, err) < 0)
		return NULL;
	d->st = arr;
	d->pub.statements = d->st;
	st = &d->st[d->pub.nstatements++];
	memset(st, 0, sizeof(*st));
	return st;
}

vigil_vex_product *
vigil__vex_add_product(struct vx_doc *d, vigil_vex_statement *st,
    size_t *cap, vigil_error *err)
{
	void *arr = (void *)st->products;
	vigil_vex_product *p;

	if (vigil__vex_grow(d, &arr, cap, st->nproducts, sizeof(*p),
	    VIGIL_VEX_MAX_PRODUCTS, err) < 0)
		return NULL;
	st->products = arr;
	p = (vigil_vex_product *)arr + st->nproducts++;
	memset(p, 0, sizeof(*p));
	return p;
}

vigil_vex_product *
vigil__vex_add_sub(struct vx_doc *d, vigil_vex_product *prod, size_t *cap,
    vigil_error *err)
{
	void *arr = (void *)prod->subs;
	vigil_vex_product *p;

	if (vigil__vex_grow(d, &arr, cap, prod->nsubs, sizeof(*p),
	    VIGIL_VEX_MAX_PRODUCTS, err) < 0)
		return NULL;
	prod->subs = arr;
	p = (vigil_vex_product *)arr + prod->nsubs++;
	memset(p, 0, sizeof(*p));
	return p;
}

int
vigil__vex_add_ident(struct vx_doc *d, vigil_vex_product *p, size_t *cap,
    vigil_vex_ident_kind kind, const char *value, vigil_error *err)
{
	void *arr = (void *)p->idents;
	vigil_vex_ident *id;
	size_t i;
	int rc;

	for (i = 0; i < p->nidents; i++)
		if (p->idents[i].kind == kind &&
		    strcmp(p->idents[i].value, value) == 0)
			return 0;
	if ((rc = vigil__vex_grow(d, &arr, cap, p->nidents, sizeof(*id),
	    VIGIL_VEX_MAX_PRODUCTS, err)) < 0)
		return rc;
	p->idents = arr;
	id = (vigil_vex_ident *)arr + p->nidents;
	id->kind = kind;
	if ((id->value = vigil__vex_strdup(d, value, err)) == NULL)
		return VX_FAILED(d);
	p->nidents++;
	return 0;
}

int
vigil__vex_add_alias(struct vx_doc *d, vigil_vex_statement *st, size_t *cap,
    const char *alias, vigil_error *err)
{
	void *arr = (void *)st->aliases;
	const char **a;
	size_t i;
	int rc;

	if (st->vuln != NULL && strcmp(st->vuln, alias) == 0)
		return 0;
	for (i = 0; i < st->naliases; i++)
		if (strcmp(st->aliases[i], alias) == 0)
			return 0;
	if ((rc = vigil__vex_grow(d, &arr, cap, st->naliases, sizeof(*a),
	    VIGIL_VEX_MAX_PRODUCTS, err)) < 0)
		return rc;
	a = arr;
	if ((a[st->naliases] = vigil__vex_strdup(d, alias, err)) == NULL)
		return VX_FAILED(d);
	st->aliases = arr;
	st->naliases++;
	return 0;
}

int
vigil__vex_copy_product(struct vx_doc *d, vigil_vex_product *dst,
    const vigil_vex_product *src, vigil_error *err)
{
	size_t cap = 0, scap = 0, i;
	int rc;

	memset(dst, 0, sizeof(*dst));
	if ((src->id != NULL &&
	    (dst->id = vigil__vex_strdup(d, src->id, err)) == NULL) ||
	    (src->name != NULL &&
	    (dst->name = vigil__vex_strdup(d, src->name, err)) == NULL))
		return VX_FAILED(d);
	for (i = 0; i < src->nidents; i++)
		if ((rc = vigil__vex_add_ident(d, dst, &cap,
		    src->idents[i].kind, src->idents[i].value, err)) < 0)
			return rc;
	for (i = 0; i < src->nsubs; i++) {
		vigil_vex_product *s;

		if ((s = vigil__vex_add_sub(d, dst, &scap, err)) == NULL)
			return VX_FAILED(d);
		if ((rc = vigil__vex_copy_product(d, s, &src->subs[i],
		    err)) < 0)
			return rc;
	}
	return 0;
}

void
vigil_vex_doc_free(vigil_vex_doc *doc)
{
	struct vx_doc *d = (struct vx_doc *)doc;
	struct vx_block *b, *next;

	if (d == NULL)
		return;
	for (b = d->blocks; b != NULL; b = next) {
		next = b->next;
		vgx_free(b);
	}
	vgx_free(d);
}

int
vigil_vex_doc_new(vigil_vex_doc **out, const char *id, const char *author,
    const char *timestamp, vigil_error *err)
{
	struct vx_doc *d = NULL;
	int rc;

	if ((rc = vigil__vex_new(&d, VIGIL_VEX_FORMAT_UNKNOWN, 0, 0, err)) < 0)
		return rc;
	if ((id != NULL &&
	    (d->pub.id = vigil__vex_strdup(d, id, err)) == NULL) ||
	    (author != NULL &&
	    (d->pub.author = vigil__vex_strdup(d, author, err)) == NULL) ||
	    (timestamp != NULL &&
	    (d->pub.timestamp = vigil__vex_strdup(d, timestamp, err)) == NULL) ||
	    (d->pub.version = vigil__vex_strdup(d, "1", err)) == NULL) {
		rc = VX_FAILED(d);
		vigil_vex_doc_free(&d->pub);
		return rc;
	}
	*out = &d->pub;
	return 0;
}

#define DUP(field) do {							\
	if (src->field != NULL &&					\
	    (st->field = vigil__vex_strdup(d, src->field, err)) == NULL)	\
		return VX_FAILED(d);		\
} while (0)

int
vigil_vex_doc_add(vigil_vex_doc *doc, const vigil_vex_statement *src,
    vigil_error *err)
{
	struct vx_doc *d = (struct vx_doc *)doc;
	vigil_vex_statement *st;
	size_t acap = 0, pcap = 0, i;
	int rc;

	if (src->vuln == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "statement without a vulnerability");
	if ((st = vigil__vex_add_statement(d, err)) == NULL)
		return VX_FAILED(d);
	DUP(id);
	DUP(vuln);
	DUP(description);
	DUP(native_justification);
	DUP(impact);
	DUP(action);
	DUP(remediation);
	DUP(timestamp);
	DUP(action_timestamp);
	st->status = src->status;
	st->justification = src->justification;
	for (i = 0; i < src->naliases; i++)
		if ((rc = vigil__vex_add_alias(d, st, &acap, src->aliases[i],
		    err)) < 0)
			return rc;
	for (i = 0; i < src->nproducts; i++) {
		vigil_vex_product *p;

		if ((p = vigil__vex_add_product(d, st, &pcap, err)) == NULL)
			return VX_FAILED(d);
		if ((rc = vigil__vex_copy_product(d, p, &src->products[i],
		    err)) < 0)
			return rc;
	}
	return 0;
}

/* ---- reading and writing ------------------------------------------------ */

static vigil_vex_format
detect(const json_t *root)
{
	const char *s;
	const json_t *doc;

	if (!json_is_object(root))
		return VIGIL_VEX_FORMAT_UNKNOWN;
	if ((s = vigil__vex_jstr(root, "@context")) != NULL &&
	    strstr(s, "openvex") != NULL)
		return VIGIL_VEX_FORMAT_OPENVEX;
	if (vigil__vex_jstr(root, "bomFormat") != NULL)
		return VIGIL_VEX_FORMAT_CYCLONEDX;
	if ((doc = json_object_get(root, "document")) != NULL &&
	    json_is_object(doc) && json_object_get(doc, "csaf_version") != NULL)
		return VIGIL_VEX_FORMAT_CSAF;
	return VIGIL_VEX_FORMAT_UNKNOWN;
}

int
vigil_vex_read(vigil_vex_doc **out, const char *buf, size_t len,
    vigil_vex_format format, const vigil_vex_read_opts *opts,
    vigil_error *err)
{
	vigil_vex_read_opts def = VIGIL_VEX_READ_OPTS_INIT;
	struct vx_doc *d = NULL;
	json_error_t je;
	json_t *root;
	size_t max;
	int rc;

	if (opts == NULL)
		opts = &def;
	max = opts->max_doc ? opts->max_doc : VIGIL_VEX_MAX_DOC;
	if (len > max)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "document larger than %zu bytes", max);
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    (unsigned long)(je.line > 0 ? je.line : 0),
		    (unsigned long)(je.column > 0 ? je.column : 0), "%s",
		    je.text);
	if (format == VIGIL_VEX_FORMAT_UNKNOWN &&
	    (format = detect(root)) == VIGIL_VEX_FORMAT_UNKNOWN) {
		json_decref(root);
		return vigil__error(err, VIGIL_EUNSUPPORTED,
		    "not a CycloneDX, OpenVEX or CSAF document");
	}
	if ((rc = vigil__vex_new(&d, format, max, opts->max_statements,
	    err)) < 0) {
		json_decref(root);
		return rc;
	}
	switch (format) {
	case VIGIL_VEX_FORMAT_OPENVEX:
		rc = vigil__vex_read_openvex(d, root, err);
		break;
	case VIGIL_VEX_FORMAT_CYCLONEDX:
		rc = vigil__vex_read_cyclonedx(d, root, err);
		break;
	case VIGIL_VEX_FORMAT_CSAF:
		rc = vigil__vex_read_csaf(d, root, err);
		break;
	default:
		rc = vigil__error(err, VIGIL_EUNSUPPORTED, "unknown format");
		break;
	}
	json_decref(root);
	if (rc < 0) {
		vigil_vex_doc_free(&d->pub);
		return rc;
	}
	*out = &d->pub;
	return 0;
}

int
vigil_vex_read_file(vigil_vex_doc **out, const char *path,
    vigil_vex_format format, const vigil_vex_read_opts *opts,
    vigil_error *err)
{
	size_t max = opts != NULL && opts->max_doc ? opts->max_doc :
	    VIGIL_VEX_MAX_DOC;
	char *buf;
	size_t len;
	int rc;

	if ((rc = vgx_file_read(&buf, &len, path, max, err)) < 0)
		return rc;
	rc = vigil_vex_read(out, buf, len, format, opts, err);
	vgx_free(buf);
	return rc;
}

void
vigil__vex_loss(struct vx_loss *l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (l == NULL || l->cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	l->cb(l->payload, msg);
}

int
vigil_vex_write(char **out, const vigil_vex_doc *doc,
    vigil_vex_format format, vigil_vex_loss_cb loss, void *payload,
    vigil_error *err)
{
	struct vx_loss l = { loss, payload };
	json_t *root = NULL;
	char *s, *r;
	size_t n;
	int rc;

	switch (format) {
	case VIGIL_VEX_FORMAT_OPENVEX:
		rc = vigil__vex_write_openvex(&root, doc, &l, err);
		break;
	case VIGIL_VEX_FORMAT_CYCLONEDX:
		rc = vigil__vex_write_cyclonedx(&root, doc, &l, err);
		break;
	case VIGIL_VEX_FORMAT_CSAF:
		rc = vigil__vex_write_csaf(&root, doc, &l, err);
		break;
	default:
		return vigil__error(err, VIGIL_EUNSUPPORTED, "unknown format");
	}
	if (rc < 0)
		return rc;
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL)
		return vigil__error_oom(err);
	n = strlen(s);
	if ((r = vgx_malloc(n + 2)) == NULL) {
		free(s);
		return vigil__error_oom(err);
	}
	memcpy(r, s, n);
	r[n] = '\n';
	r[n + 1] = '\0';
	free(s);
	*out = r;
	return 0;
}

void
vigil_vex_text_free(char *s)
{
	vgx_free(s);
}

/* ---- JSON helpers --------------------------------------------------------- */

const char *
vigil__vex_jstr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
vigil__vex_jset_str(json_t *obj, const char *key, const char *v)
{
	if (v == NULL)
		return 0;
	return json_object_set_new(obj, key, json_string(v));
}

const char *
vigil__vex_ident(const vigil_vex_product *p, vigil_vex_ident_kind kind)
{
	size_t i;

	for (i = 0; i < p->nidents; i++)
		if (p->idents[i].kind == kind)
			return p->idents[i].value;
	return NULL;
}

void
vigil__vex_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- names ---------------------------------------------------------------- */

static const char *const status_names[] = {
	"", "not_affected", "affected", "fixed", "under_investigation"
};

const char *
vigil_vex_status_name(vigil_vex_status s)
{
	return (unsigned)s < VGX_ARRAY_SIZE(status_names) ?
	    status_names[s] : "";
}

vigil_vex_status
vigil_vex_status_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return VIGIL_VEX_STATUS_NONE;
	for (i = 1; i < VGX_ARRAY_SIZE(status_names); i++)
		if (strcmp(s, status_names[i]) == 0)
			return (vigil_vex_status)i;
	if (strcmp(s, "known_affected") == 0)
		return VIGIL_VEX_AFFECTED;
	if (strcmp(s, "known_not_affected") == 0)
		return VIGIL_VEX_NOT_AFFECTED;
	return VIGIL_VEX_STATUS_NONE;
}

static const char *const just_names[] = {
	"", "component_not_present", "vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist"
};

const char *
vigil_vex_justification_name(vigil_vex_justification j)
{
	return (unsigned)j < VGX_ARRAY_SIZE(just_names) ? just_names[j] : "";
}

vigil_vex_justification
vigil_vex_justification_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return VIGIL_VEX_JUST_NONE;
	for (i = 1; i < VGX_ARRAY_SIZE(just_names); i++)
		if (strcmp(s, just_names[i]) == 0)
			return (vigil_vex_justification)i;
	return VIGIL_VEX_JUST_NONE;
}

/*
 * CycloneDX analysis.justification to CISA (the community map in
 * docs/vex.md); EXACT is false where the map loses detail.
 */
static const struct {
	const char *cdx;
	vigil_vex_justification j;
	bool exact;
} cdx_just[] = {
	{ "code_not_present", VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT, true },
	{ "code_not_reachable", VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
	    true },
	{ "protected_by_mitigating_control",
	    VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST, true },
	{ "requires_configuration",
	    VIGIL_VEX_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY, false },
	{ "requires_dependency", VIGIL_VEX_COMPONENT_NOT_PRESENT, false },
	{ "requires_environment",
	    VIGIL_VEX_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY, false },
	{ "protected_by_compiler",
	    VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST, false },
	{ "protected_at_runtime",
	    VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST, false },
	{ "protected_at_perimeter",
	    VIGIL_VEX_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY, false },
};

vigil_vex_justification
vigil__vex_cdx_just(const char *s, bool *exact)
{
	size_t i;

	*exact = false;
	for (i = 0; s != NULL && i < VGX_ARRAY_SIZE(cdx_just); i++)
		if (strcmp(s, cdx_just[i].cdx) == 0) {
			*exact = cdx_just[i].exact;
			return cdx_just[i].j;
		}
	return VIGIL_VEX_JUST_NONE;
}

const char *
vigil__vex_cdx_just_name(vigil_vex_justification j)
{
	switch (j) {
	case VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT:
		return "code_not_present";
	case VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH:
		return "code_not_reachable";
	case VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST:
		return "protected_by_mitigating_control";
	case VIGIL_VEX_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY:
		return "requires_environment";
	case VIGIL_VEX_COMPONENT_NOT_PRESENT:
		return "requires_dependency";
	default:
		return NULL;
	}
}

static const char *const format_names[] = {
	"", "cyclonedx", "openvex", "csaf"
};

const char *
vigil_vex_format_name(vigil_vex_format f)
{
	return (unsigned)f < VGX_ARRAY_SIZE(format_names) ?
	    format_names[f] : "";
}

vigil_vex_format
vigil_vex_format_parse(const char *s)
{
	size_t i;

	for (i = 1; s != NULL && i < VGX_ARRAY_SIZE(format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (vigil_vex_format)i;
	return VIGIL_VEX_FORMAT_UNKNOWN;
}

/* ---- time ----------------------------------------------------------------- */

static int
num(const char **sp, int ndig, int *out)
{
	int v = 0, i;

	for (i = 0; i < ndig; i++) {
		if (!vgx_isdigit((unsigned char)(*sp)[i]))
			return -1;
		v = v * 10 + ((*sp)[i] - '0');
	}
	*sp += ndig;
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int
vigil_vex_time_parse(int64_t *out, const char *s)
{
	static const unsigned char mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;

	if (s == NULL || num(&s, 4, &y) < 0 || *s++ != '-' ||
	    num(&s, 2, &mo) < 0 || *s++ != '-' || num(&s, 2, &d) < 0)
		return VIGIL_EINVALID;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return VIGIL_EINVALID;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (num(&s, 2, &h) < 0 || *s++ != ':' || num(&s, 2, &mi) < 0)
			return VIGIL_EINVALID;
		if (*s == ':') {
			s++;
			if (num(&s, 2, &sec) < 0)
				return VIGIL_EINVALID;
			if (*s == '.') {
				s++;
				if (!vgx_isdigit((unsigned char)*s))
					return VIGIL_EINVALID;
				while (vgx_isdigit((unsigned char)*s))
					s++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return VIGIL_EINVALID;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			sign = *s++ == '+' ? 1 : -1;
			if (num(&s, 2, &oh) < 0 || *s++ != ':' ||
			    num(&s, 2, &om) < 0 || oh > 23 || om > 59)
				return VIGIL_EINVALID;
		} else {
			return VIGIL_EINVALID;
		}
	}
	if (*s != '\0')
		return VIGIL_EINVALID;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return 0;
}
