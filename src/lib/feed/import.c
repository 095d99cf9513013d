/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The import driver: finds what an input is (file, directory, zip dump,
 * gzip, JSON document, CSV), hands each document to its importer, commits
 * in batches, and records the source and the new snapshot id.
 */
#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>
#include <zlib.h>

#include "feedint.h"

const char *
vigil_feed_kind_name(vigil_feed_kind kind)
{
	switch (kind) {
	case VIGIL_FEED_OSV: return "osv";
	case VIGIL_FEED_NVD: return "nvd";
	case VIGIL_FEED_KEV: return "kev";
	case VIGIL_FEED_EPSS: return "epss";
	default: return "unknown";
	}
}

/* ---- JSON helpers ---------------------------------------------------------- */

void
vigil__jptr(char *buf, size_t sz, const char *ptr, const char *key)
{
	size_t o = strlen(ptr);

	if (buf != ptr)
		snprintf(buf, sz, "%s", ptr);
	o = strlen(buf);
	if (o + 1 < sz)
		buf[o++] = '/';
	for (; *key != '\0' && o + 2 < sz; key++) {
		if (*key == '~' || *key == '/') {
			buf[o++] = '~';
			buf[o++] = *key == '~' ? '0' : '1';
		} else {
			buf[o++] = *key;
		}
	}
	buf[o < sz ? o : sz - 1] = '\0';
}

void
vigil__jptri(char *buf, size_t sz, const char *ptr, size_t index)
{
	char n[24];

	snprintf(n, sizeof(n), "%zu", index);
	vigil__jptr(buf, sz, ptr, n);
}

static int
bad(vigil_error *err, const char *ptr, const char *key, const char *what)
{
	char p[256];

	vigil__jptr(p, sizeof(p), ptr, key);
	return vigil__error_ptr(err, VIGIL_EINVALID, p, "%s %s", key, what);
}

int
vigil__feed_jstr(const char **out, json_t *o, const char *key, bool required,
    size_t max, const char *ptr, vigil_error *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || (json_is_null(v) && !required)) {
		if (required)
			return bad(err, ptr, key, "is missing");
		return 0;
	}
	if (!json_is_string(v))
		return bad(err, ptr, key, "is not a string");
	if (json_string_length(v) > max)
		return bad(err, ptr, key, "is too long");
	*out = json_string_value(v);
	return 0;
}

int
vigil__jarr(json_t **out, json_t *o, const char *key, bool required,
    const char *ptr, vigil_error *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return bad(err, ptr, key, "is missing");
		return 0;
	}
	if (!json_is_array(v))
		return bad(err, ptr, key, "is not an array");
	if (json_array_size(v) > FEED_MAX_LIST)
		return bad(err, ptr, key, "has too many entries");
	*out = v;
	return 0;
}

int
vigil__jobj(json_t **out, json_t *o, const char *key, bool required,
    const char *ptr, vigil_error *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return bad(err, ptr, key, "is missing");
		return 0;
	}
	if (!json_is_object(v))
		return bad(err, ptr, key, "is not an object");
	*out = v;
	return 0;
}

char *
vigil__jdump(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY), *c;

	if (s == NULL)
		return NULL;
	c = vgx_strdup(s);
	free(s);
	return c;
}

void *
vigil__grow(void *arrp, size_t *n, size_t size, size_t max)
{
	char **arr = arrp;
	size_t cur = *n;

	if (cur >= max)
		return NULL;
	/* Capacity is the next power of two >= n (at least 4). */
	if (cur == 0 || (cur >= 4 && (cur & (cur - 1)) == 0)) {
		size_t cap = cur == 0 ? 4 : cur * 2;
		char *p = vgx_reallocarray(*arr, cap, size);

		if (p == NULL)
			return NULL;
		*arr = p;
	}
	memset(*arr + cur * size, 0, size);
	*n = cur + 1;
	return *arr + cur * size;
}

/* ---- counting, batching ---------------------------------------------------- */

int
vigil__imp_count(struct vigil__imp *imp, int result, vigil_error *err)
{
	int rc;

	switch (result) {
	case VIGIL__PUT_ADDED: imp->stats->added++; break;
	case VIGIL__PUT_UPDATED: imp->stats->updated++; break;
	case VIGIL__PUT_WITHDRAWN: imp->stats->withdrawn++; break;
	default: imp->stats->unchanged++; break;
	}
	imp->records++;
	if (imp->opts->progress != NULL && imp->records % 500 == 0)
		imp->opts->progress(imp->opts->payload, imp->file,
		    imp->records, imp->bytes_done, imp->bytes_total);
	if (imp->st != NULL && ++imp->in_batch >= imp->opts->batch) {
		imp->in_batch = 0;
		if ((rc = vigil_store_commit(imp->st, err)) < 0 ||
		    (rc = vigil_store_begin(imp->st, err)) < 0)
			return rc;
	}
	return 0;
}

void
vigil__imp_reject(struct vigil__imp *imp, const char *id,
    const vigil_error *rerr)
{
	imp->stats->rejected++;
	if (imp->opts->reject != NULL)
		imp->opts->reject(imp->opts->payload, imp->file, id, rerr);
}

int
vigil__imp_advisory(struct vigil__imp *imp, struct vigil__advisory *a,
    vigil_error *err)
{
	int result = VIGIL__PUT_ADDED, rc;

	if (a->raw == NULL)
		return vigil__error_oom(err);
	vigil__sha256_hex(a->digest, a->raw, a->rawlen);
	if (imp->st != NULL &&
	    (rc = vigil__store_put_advisory(&result, imp->st, a, err)) < 0)
		return rc;
	if (a->withdrawn != NULL && result == VIGIL__PUT_ADDED)
		imp->stats->withdrawn++;
	return vigil__imp_count(imp, result, err);
}

int
vigil__imp_record(struct vigil__imp *imp, struct vigil__advisory *a,
    int rc, const char *id, const vigil_error *rerr, vigil_error *err)
{
	if (rc == VIGIL_ENOMEM) {
		*err = *rerr;
	} else if (rc < 0) {
		vigil__imp_reject(imp, id, rerr);
		rc = 0;
	} else {
		rc = vigil__imp_advisory(imp, a, err);
	}
	vigil__advisory_dispose(a);
	return rc;
}

/* ---- kinds -------------------------------------------------------------------- */

vigil_feed_kind
vigil_feed_sniff(const void *buf, size_t len)
{
	const unsigned char *p = buf, *end = p + len;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	while (p < end && vgx_isspace(*p))
		p++;
	if (p < end && (*p == '{' || *p == '['))
		return VIGIL_FEED_OSV;	/* some JSON: decided after parsing */
	if ((size_t)(end - p) >= 14 && memcmp(p, "#model_version", 14) == 0)
		return VIGIL_FEED_EPSS;
	if ((size_t)(end - p) >= 9 && memcmp(p, "cve,epss,", 9) == 0)
		return VIGIL_FEED_EPSS;
	return VIGIL_FEED_UNKNOWN;
}

/* Whether O looks like an OSV record (for telling feeds apart; the record
 * itself is checked later). */
bool
vigil__osv_like(json_t *o)
{
	return json_is_object(o) && json_object_get(o, "id") != NULL &&
	    (json_object_get(o, "modified") != NULL ||
	    json_object_get(o, "affected") != NULL ||
	    json_object_get(o, "schema_version") != NULL ||
	    json_object_get(o, "aliases") != NULL);
}

static vigil_feed_kind
json_kind(json_t *root)
{
	/* An array of OSV records; its first element says so. */
	if (json_is_array(root))
		return json_array_size(root) == 0 ||
		    vigil__osv_like(json_array_get(root, 0)) ?
		    VIGIL_FEED_OSV : VIGIL_FEED_UNKNOWN;
	if (!json_is_object(root))
		return VIGIL_FEED_UNKNOWN;
	if (json_object_get(root, "catalogVersion") != NULL)
		return VIGIL_FEED_KEV;
	if (json_object_get(root, "vulnerabilities") != NULL &&
	    (json_object_get(root, "format") != NULL ||
	    json_object_get(root, "resultsPerPage") != NULL))
		return VIGIL_FEED_NVD;
	if (json_is_object(json_object_get(root, "cve")))
		return VIGIL_FEED_NVD;
	if (vigil__osv_like(root))
		return VIGIL_FEED_OSV;
	return VIGIL_FEED_UNKNOWN;
}

/* Gunzip (BUF, LEN) into *OUT (at most MAX bytes). */
static int
gunzip(char **out, size_t *outlen, const void *buf, size_t len, size_t max,
    const char *name, vigil_error *err)
{
	z_stream z;
	vgx_buf b;
	char chunk[65536];
	int zr = Z_OK;

	memset(&z, 0, sizeof(z));
	if (len > UINT32_MAX)
		return vigil__error(err, VIGIL_ETOOBIG, "too big");
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return vigil__error_oom(err);
	vgx_buf_init(&b, max);
	z.next_in = (Bytef *)(uintptr_t)buf;
	z.avail_in = (uInt)len;
	while (zr != Z_STREAM_END) {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			inflateEnd(&z);
			vgx_buf_dispose(&b);
			return vigil__error(err, VIGIL_EINVALID,
			    "bad gzip data");
		}
		if (vgx_buf_add(&b, chunk, sizeof(chunk) - z.avail_out) < 0) {
			inflateEnd(&z);
			vgx_buf_dispose(&b);
			return vigil__error(err, VIGIL_ETOOBIG,
			    "more than %zu bytes unpacked", max);
		}
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
			inflateEnd(&z);
			vgx_buf_dispose(&b);
			return vigil__error(err, VIGIL_EINVALID,
			    "truncated gzip data");
		}
	}
	inflateEnd(&z);
	*out = vgx_buf_take(&b, outlen);
	if (*out == NULL && (*out = vgx_strdup("")) == NULL)
		return vigil__error_oom(err);
	return 0;
}

static void
note_kind(struct vigil__imp *imp, vigil_feed_kind k)
{
	if (k == VIGIL_FEED_UNKNOWN)
		return;
	if (imp->kind == 0)
		imp->kind = (int)k;
	else if (imp->kind != (int)k)
		imp->kind = -1;
}

static int
import_doc(struct vigil__imp *imp, vigil_feed_kind kind, const char *buf,
    size_t len, vigil_error *err)
{
	json_error_t je;
	json_t *root;
	vigil_feed_kind k;
	int rc;

	if (len >= 2 && (unsigned char)buf[0] == 0x1f &&
	    (unsigned char)buf[1] == 0x8b) {
		char *u = NULL;
		size_t ulen = 0;

		if ((rc = gunzip(&u, &ulen, buf, len, imp->opts->max_file,
		    imp->file, err)) < 0)
			return rc;
		rc = import_doc(imp, kind, u, ulen, err);
		vgx_free(u);
		return rc;
	}
	k = vigil_feed_sniff(buf, len);
	if (k == VIGIL_FEED_EPSS && (kind == VIGIL_FEED_UNKNOWN ||
	    kind == VIGIL_FEED_EPSS)) {
		note_kind(imp, k);
		return vigil__epss_import(imp, buf, len, err);
	}
	if (k == VIGIL_FEED_UNKNOWN)
		return vigil__error(err, VIGIL_EINVALID,
		    "not an OSV, NVD, KEV or EPSS feed");
	if (len > imp->opts->stream_min) {
		bool handled;

		rc = vigil__stream_import(&handled, imp, kind, buf, len, err);
		if (handled || rc < 0)
			return rc;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    (unsigned long)je.line, (unsigned long)je.column, "%s",
		    je.text);
	k = json_kind(root);
	if (kind != VIGIL_FEED_UNKNOWN && k != kind)
		k = VIGIL_FEED_UNKNOWN;
	note_kind(imp, k);
	switch (k) {
	case VIGIL_FEED_OSV:
		rc = vigil__osv_import(imp, root, err);
		break;
	case VIGIL_FEED_NVD:
		rc = vigil__nvd_import(imp, root, err);
		break;
	case VIGIL_FEED_KEV:
		rc = vigil__kev_import(imp, root, err);
		break;
	default:
		rc = vigil__error(err, VIGIL_EINVALID, "not %s feed",
		    kind == VIGIL_FEED_UNKNOWN ?
		    "an OSV, NVD, KEV or EPSS" : vigil_feed_kind_name(kind));
		break;
	}
	json_decref(root);
	return rc;
}

int
vigil_feed_import_buffer(vigil_feed_stats *stats, vigil_store *st,
    vigil_feed_kind kind, const char *name, const void *buf, size_t len,
    const vigil_feed_opts *opts, vigil_error *err)
{
	static const vigil_feed_opts defopts = VIGIL_FEED_OPTS_INIT;
	struct vigil__imp imp;
	int rc;

	memset(&imp, 0, sizeof(imp));
	imp.st = st;
	imp.opts = opts != NULL ? opts : &defopts;
	imp.file = name;
	imp.stats = stats;
	imp.bytes_total = len;
	if (len > imp.opts->max_file)
		return vigil__error(err, VIGIL_ETOOBIG, "over %zu bytes",
		    imp.opts->max_file);
	if (st != NULL && (rc = vigil_store_begin(st, err)) < 0)
		return rc;
	rc = import_doc(&imp, kind, buf, len, err);
	if (st != NULL) {
		if (rc < 0)
			vigil_store_rollback(st);
		else
			rc = vigil_store_commit(st, err);
	}
	return rc;
}

/* ---- files, directories, zip dumps ----------------------------------------- */

struct src_info {
	int64_t size;
	char sha256[65];
	vigil_feed_kind kind;
	vigil_feed_stats before;
};

static int
import_zip(struct vigil__imp *imp, const char *path, vigil_error *err)
{
	zip_t *z;
	zip_int64_t n, i;
	int zerr = 0, rc = 0;
	char ename[512];

	if ((z = zip_open(path, ZIP_RDONLY, &zerr)) == NULL)
		return vigil__error(err, VIGIL_EINVALID, "%s: not a zip file",
		    path);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n && rc >= 0; i++) {
		zip_stat_t zs;
		zip_file_t *zf;
		char *buf;
		zip_int64_t got;
		vigil_error e2;
		int r2;

		if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) != 0 ||
		    !(zs.valid & ZIP_STAT_SIZE) || !(zs.valid & ZIP_STAT_NAME))
			continue;
		if (zs.name[0] == '\0' || zs.name[strlen(zs.name) - 1] == '/')
			continue;
		snprintf(ename, sizeof(ename), "%s:%s", path, zs.name);
		if (zs.size > imp->opts->max_file) {
			vigil__error(&e2, VIGIL_ETOOBIG, "entry over %zu bytes",
			    imp->opts->max_file);
			imp->file = ename;
			vigil__imp_reject(imp, NULL, &e2);
			continue;
		}
		if ((buf = vgx_malloc((size_t)zs.size + 1)) == NULL) {
			rc = vigil__error_oom(err);
			break;
		}
		if ((zf = zip_fopen_index(z, (zip_uint64_t)i, 0)) == NULL) {
			vgx_free(buf);
			rc = vigil__error(err, VIGIL_EINVALID, "%s: cannot read",
			    ename);
			break;
		}
		got = zip_fread(zf, buf, zs.size);
		zip_fclose(zf);
		if (got < 0 || (zip_uint64_t)got != zs.size) {
			vgx_free(buf);
			rc = vigil__error(err, VIGIL_EINVALID, "%s: bad entry",
			    ename);
			break;
		}
		imp->file = ename;
		imp->bytes_done = (uint64_t)i;
		imp->bytes_total = (uint64_t)n;
		r2 = import_doc(imp, VIGIL_FEED_OSV, buf, (size_t)zs.size, &e2);
		vgx_free(buf);
		if (r2 == VIGIL_EINVALID || r2 == VIGIL_ETOOBIG)
			vigil__imp_reject(imp, NULL, &e2);
		else if (r2 < 0) {
			*err = e2;
			rc = r2;
		}
	}
	zip_discard(z);
	imp->file = path;
	return rc;
}

static int
hash_file(char *out, int64_t *size, const char *path, vigil_error *err)
{
	static const char hex[] = "0123456789abcdef";
	FILE *fp = fopen(path, "rb");
	EVP_MD_CTX *ctx;
	unsigned char md[32], chunk[65536];
	unsigned int mdlen = 0;
	size_t n, i;

	if (fp == NULL)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		fclose(fp);
		return vigil__error_oom(err);
	}
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	*size = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		EVP_DigestUpdate(ctx, chunk, n);
		*size += (int64_t)n;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (ferror(fp)) {
		fclose(fp);
		return vigil__error(err, VIGIL_EIO, "%s: read error", path);
	}
	fclose(fp);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

static int
import_file(struct vigil__imp *imp, const char *path, struct src_info *si,
    vigil_error *err)
{
	unsigned char head[4] = {0};
	FILE *fp;
	size_t hn;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	imp->file = path;
	if ((fp = fopen(path, "rb")) == NULL)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	hn = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (hn == 4 && memcmp(head, "PK\3\4", 4) == 0) {
		si->kind = VIGIL_FEED_OSV;
		if ((rc = hash_file(si->sha256, &si->size, path, err)) < 0)
			return rc;
		return import_zip(imp, path, err);
	}
	if ((rc = vgx_file_read(&buf, &len, path, imp->opts->max_file,
	    err)) < 0)
		return rc;
	si->size = (int64_t)len;
	vigil__sha256_hex(si->sha256, buf, len);
	imp->bytes_total = len;
	rc = import_doc(imp, VIGIL_FEED_UNKNOWN, buf, len, err);
	vgx_free(buf);
	return rc;
}

/* The files a directory import reads: feeds by their usual names. */
static int
is_feed_name(const char *n)
{
	static const char *const ext[] = {".json", ".json.gz", ".csv",
	    ".csv.gz", ".zip"};
	size_t l = strlen(n), i, e;

	for (i = 0; i < VGX_ARRAY_SIZE(ext); i++) {
		e = strlen(ext[i]);
		if (l > e && strcmp(n + l - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * What a directory import records as its source: the total size, and a
 * SHA-256 over "relative-name TAB file-sha256 LF" for each file read, in
 * import order.
 */
struct tree {
	EVP_MD_CTX *ctx;
	size_t rootlen;		/* strlen of the directory given */
	int64_t size;
};

/*
 * Import every feed file (is_feed_name) under DIR, sorted, recursively; a
 * file that is not a feed is rejected and the others go on.
 */
static int
import_dir(struct vigil__imp *imp, struct tree *t, const char *dir,
    unsigned depth, vigil_error *err)
{
	struct dirent **list = NULL;
	int n, i, rc = 0;
	char path[4096];

	if (depth > 32)
		return vigil__error(err, VIGIL_ETOOBIG, "%s: nested too deep",
		    dir);
	if ((n = scandir(dir, &list, NULL, alphasort)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", dir,
		    strerror(errno));
	for (i = 0; i < n; i++) {
		struct stat sb;
		struct src_info si;
		vigil_error e2;
		int r2;

		if (rc < 0 || list[i]->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    list[i]->d_name) >= sizeof(path) ||
		    stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			rc = import_dir(imp, t, path, depth + 1, err);
			continue;
		}
		if (!S_ISREG(sb.st_mode) || !is_feed_name(path))
			continue;
		memset(&si, 0, sizeof(si));
		r2 = import_file(imp, path, &si, &e2);
		if (si.sha256[0] != '\0') {
			const char *rel = path + t->rootlen + 1;

			EVP_DigestUpdate(t->ctx, rel, strlen(rel));
			EVP_DigestUpdate(t->ctx, "\t", 1);
			EVP_DigestUpdate(t->ctx, si.sha256, 64);
			EVP_DigestUpdate(t->ctx, "\n", 1);
			t->size += si.size;
		}
		if (r2 == VIGIL_EINVALID || r2 == VIGIL_ETOOBIG) {
			imp->file = path;
			vigil__imp_reject(imp, NULL, &e2);
		} else if (r2 < 0) {
			*err = e2;
			rc = r2;
		}
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

int
vigil_feed_import_path(vigil_feed_stats *stats, vigil_store *st,
    const char *path, const vigil_feed_opts *opts, vigil_error *err)
{
	static const vigil_feed_opts defopts = VIGIL_FEED_OPTS_INIT;
	struct vigil__imp imp;
	struct src_info si;
	struct stat sb;
	vigil_feed_stats mine;
	vigil_store_source src;
	int rc;

	memset(&imp, 0, sizeof(imp));
	memset(&si, 0, sizeof(si));
	memset(&mine, 0, sizeof(mine));
	imp.st = st;
	imp.opts = opts != NULL ? opts : &defopts;
	imp.stats = &mine;
	imp.file = path;
	if (stat(path, &sb) != 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	if (S_ISDIR(sb.st_mode)) {
		struct tree t;
		unsigned char md[32];
		unsigned int mdlen = 0, k;

		t.rootlen = strlen(path);
		t.size = 0;
		if ((t.ctx = EVP_MD_CTX_new()) == NULL) {
			vigil_store_rollback(st);
			return vigil__error_oom(err);
		}
		EVP_DigestInit_ex(t.ctx, EVP_sha256(), NULL);
		rc = import_dir(&imp, &t, path, 0, err);
		EVP_DigestFinal_ex(t.ctx, md, &mdlen);
		EVP_MD_CTX_free(t.ctx);
		for (k = 0; k < 32; k++)
			snprintf(si.sha256 + 2 * k, 3, "%02x", md[k]);
		si.size = t.size;
	} else {
		rc = import_file(&imp, path, &si, err);
	}
	if (rc >= 0) {
		memset(&src, 0, sizeof(src));
		src.kind = imp.kind > 0 ?
		    vigil_feed_kind_name((vigil_feed_kind)imp.kind) :
		    imp.kind < 0 ? "mixed" : "none";
		src.location = imp.opts->location != NULL ?
		    imp.opts->location : path;
		src.size = si.size;
		src.sha256 = si.sha256;
		src.etag = imp.opts->etag;
		src.last_modified = imp.opts->last_modified;
		src.added = mine.added;
		src.updated = mine.updated;
		src.unchanged = mine.unchanged;
		src.withdrawn = mine.withdrawn;
		src.rejected = mine.rejected;
		if ((rc = vigil_store_add_source(st, &src, err)) >= 0)
			rc = vigil_store_snapshot_update(NULL, st, err);
	}
	if (rc < 0)
		vigil_store_rollback(st);
	else
		rc = vigil_store_commit(st, err);
	stats->added += mine.added;
	stats->updated += mine.updated;
	stats->unchanged += mine.unchanged;
	stats->withdrawn += mine.withdrawn;
	stats->rejected += mine.rejected;
	return rc;
}
