/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil db update` against a feed server on 127.0.0.1 (libmicrohttpd, in
 * this test): ETag and 304, retries after injected 503s, a transfer cut
 * half-way and resumed with a Range request, NVD paging and the
 * incremental lastModStartDate request, the OSV dump then
 * modified_id.csv.  Nothing here reaches the internet.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "testutil.h"
#include "vigil/vigil.h"

struct file {
	char *data;
	size_t len;
};

static struct {
	int fail_next;		/* answer 503 to the next N requests */
	int truncate_next;	/* cut the next N bodies half-way */
	int requests;
	int ranges;		/* requests with a Range header */
	int not_modified;	/* 304s sent */
	char last_since[128];	/* lastModStartDate of the last NVD call */
	char seen[64][160];	/* paths asked for */
	struct file kev, epss, nvd, zip, osv_newer, pysec;
	json_t *nvd_items;
} srv;
static pthread_mutex_t srv_mu = PTHREAD_MUTEX_INITIALIZER;

static struct file
load(const char *rel)
{
	struct file f;

	f.data = vt_read(vt_data(rel), &f.len);
	return f;
}

/* ETag: a quoted FNV-1a of the body. */
static void
etag_of(char *out, size_t sz, const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	snprintf(out, sz, "\"%016llx\"", (unsigned long long)h);
}

struct cut {
	const char *data;
	size_t len;
};

static ssize_t
cut_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct cut *c = cls;
	size_t half = c->len / 2, n;

	if (pos >= half)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = half - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, c->data + pos, n);
	return (ssize_t)n;
}

static enum MHD_Result
send_body(struct MHD_Connection *con, const char *body, size_t len,
    bool owned, bool cut)
{
	struct MHD_Response *r;
	const char *inm = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
	    "If-None-Match");
	const char *range = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
	    "Range");
	char etag[32], cr[96];
	unsigned status = MHD_HTTP_OK;
	size_t off = 0;
	enum MHD_Result ret;

	etag_of(etag, sizeof(etag), body, len);
	if (inm != NULL && strcmp(inm, etag) == 0) {
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, "ETag", etag);
		pthread_mutex_lock(&srv_mu);
		srv.not_modified++;
		pthread_mutex_unlock(&srv_mu);
		ret = MHD_queue_response(con, MHD_HTTP_NOT_MODIFIED, r);
		MHD_destroy_response(r);
		if (owned)
			free((void *)body);
		return ret;
	}
	if (range != NULL && strncmp(range, "bytes=", 6) == 0) {
		off = strtoul(range + 6, NULL, 10);
		if (off > len)
			off = len;
		status = MHD_HTTP_PARTIAL_CONTENT;
		snprintf(cr, sizeof(cr), "bytes %zu-%zu/%zu", off,
		    len ? len - 1 : 0, len);
		pthread_mutex_lock(&srv_mu);
		srv.ranges++;
		pthread_mutex_unlock(&srv_mu);
	}
	if (cut) {
		static struct cut c;

		c.data = body;
		c.len = len;
		r = MHD_create_response_from_callback(len, 4096, cut_reader, &c,
		    NULL);
	} else {
		r = MHD_create_response_from_buffer(len - off,
		    (void *)(body + off), owned ? MHD_RESPMEM_MUST_COPY :
		    MHD_RESPMEM_PERSISTENT);
	}
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Accept-Ranges", "bytes");
	if (status == MHD_HTTP_PARTIAL_CONTENT)
		MHD_add_response_header(r, "Content-Range", cr);
	ret = MHD_queue_response(con, status, r);
	MHD_destroy_response(r);
	if (owned)
		free((void *)body);
	return ret;
}

/* The NVD API: a slice of tests/data/feed/nvd/page.json. */
static enum MHD_Result
nvd_page(struct MHD_Connection *con)
{
	const char *si = MHD_lookup_connection_value(con,
	    MHD_GET_ARGUMENT_KIND, "startIndex");
	const char *rp = MHD_lookup_connection_value(con,
	    MHD_GET_ARGUMENT_KIND, "resultsPerPage");
	const char *since = MHD_lookup_connection_value(con,
	    MHD_GET_ARGUMENT_KIND, "lastModStartDate");
	size_t start = si ? strtoul(si, NULL, 10) : 0;
	size_t per = rp ? strtoul(rp, NULL, 10) : 2000;
	size_t total = json_array_size(srv.nvd_items), i;
	json_t *page = json_object(), *arr = json_array();
	char *body;

	pthread_mutex_lock(&srv_mu);
	snprintf(srv.last_since, sizeof(srv.last_since), "%s",
	    since ? since : "");
	pthread_mutex_unlock(&srv_mu);
	if (since != NULL) {
		/* Only the last CVE "changed" since then. */
		json_array_append(arr, json_array_get(srv.nvd_items, total - 1));
		total = 1;
		start = 0;
	} else {
		for (i = start; i < total && i < start + per; i++)
			json_array_append(arr, json_array_get(srv.nvd_items,
			    i));
	}
	json_object_set_new(page, "resultsPerPage", json_integer(
	    (json_int_t)json_array_size(arr)));
	json_object_set_new(page, "startIndex", json_integer((json_int_t)start));
	json_object_set_new(page, "totalResults", json_integer(
	    (json_int_t)total));
	json_object_set_new(page, "format", json_string("NVD_CVE"));
	json_object_set_new(page, "version", json_string("2.0"));
	json_object_set_new(page, "vulnerabilities", arr);
	body = json_dumps(page, JSON_COMPACT);
	json_decref(page);
	return send_body(con, body, strlen(body), true, false);
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *con, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	static const char modified[] =
	    "2099-05-01T00:00:00Z,GHSA-vgl1-test-0001\n"
	    "2099-01-10T00:00:00Z,PYSEC-2099-1\n"
	    "2000-01-01T00:00:00Z,OLD-0001\n";
	struct MHD_Response *r;
	struct file *f = NULL;
	enum MHD_Result ret;
	bool cut = false;

	(void)cls; (void)method; (void)version; (void)upload;
	(void)upload_size; (void)con_cls;
	pthread_mutex_lock(&srv_mu);
	if (srv.requests < 64)
		snprintf(srv.seen[srv.requests], sizeof(srv.seen[0]), "%s", url);
	srv.requests++;
	if (srv.fail_next > 0) {
		srv.fail_next--;
		pthread_mutex_unlock(&srv_mu);
		r = MHD_create_response_from_buffer(5, (void *)"busy\n",
		    MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_response(con, MHD_HTTP_SERVICE_UNAVAILABLE, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (srv.truncate_next > 0) {
		srv.truncate_next--;
		cut = true;
	}
	pthread_mutex_unlock(&srv_mu);
	if (strcmp(url, "/kev/known_exploited_vulnerabilities.json") == 0)
		f = &srv.kev;
	else if (strcmp(url, "/epss/epss_scores-current.csv.gz") == 0)
		f = &srv.epss;
	else if (strcmp(url, "/osv/PyPI/all.zip") == 0)
		f = &srv.zip;
	else if (strcmp(url, "/osv/PyPI/GHSA-vgl1-test-0001.json") == 0)
		f = &srv.osv_newer;
	else if (strcmp(url, "/osv/PyPI/PYSEC-2099-1.json") == 0)
		f = &srv.pysec;
	else if (strcmp(url, "/osv/PyPI/modified_id.csv") == 0)
		return send_body(con, modified, sizeof(modified) - 1, false,
		    false);
	else if (strcmp(url, "/nvd/cves/2.0") == 0)
		return nvd_page(con);
	if (f == NULL) {
		r = MHD_create_response_from_buffer(10, (void *)"not found\n",
		    MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_response(con, MHD_HTTP_NOT_FOUND, r);
		MHD_destroy_response(r);
		return ret;
	}
	return send_body(con, f->data, f->len, false, cut);
}

/* all.zip from tests/data/feed/osv. */
static struct file
make_zip(const char *dir)
{
	static const char *const names[] = {"PYSEC-2099-1.json",
	    "GHSA-vgl1-test-0001.json", "records.json"};
	char path[4200];
	zip_t *z;
	size_t i;
	int e;

	snprintf(path, sizeof(path), "%s/all.zip", dir);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	assert_non_null(z);
	for (i = 0; i < 3; i++) {
		char rel[64];
		zip_source_t *s;

		snprintf(rel, sizeof(rel), "feed/osv/%s", names[i]);
		s = zip_source_file(z, vt_data(rel), 0, -1);
		assert_non_null(s);
		assert_true(zip_file_add(z, names[i], s, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	{
		struct file f;

		f.data = vt_read(path, &f.len);
		return f;
	}
}

struct env {
	struct MHD_Daemon *d;
	char base[64];
	char *dir;
	char db[4200];
	vigil_store *st;
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	json_t *page;
	vigil_error err;

	e->dir = vt_mkdtemp();
	srv.kev = load("feed/kev.json");
	srv.epss = load("feed/epss.csv.gz");
	srv.nvd = load("feed/nvd/page.json");
	srv.osv_newer = load("feed/update/GHSA-vgl1-test-0001-newer.json");
	srv.pysec = load("feed/osv/PYSEC-2099-1.json");
	srv.zip = make_zip(e->dir);
	page = json_loadb(srv.nvd.data, srv.nvd.len, 0, NULL);
	srv.nvd_items = json_incref(json_object_get(page, "vulnerabilities"));
	json_decref(page);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	e->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
	    NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
	if (e->d == NULL)
		return -1;
	info = MHD_get_daemon_info(e->d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(e->base, sizeof(e->base), "http://127.0.0.1:%u",
	    (unsigned)info->port);
	snprintf(e->db, sizeof(e->db), "%s/vigil.db", e->dir);
	if (vigil_store_open(&e->st, e->db, 0, &err) != 0)
		return -1;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	vigil_store_close(e->st);
	MHD_stop_daemon(e->d);
	free(srv.kev.data);
	free(srv.epss.data);
	free(srv.nvd.data);
	free(srv.osv_newer.data);
	free(srv.pysec.data);
	free(srv.zip.data);
	json_decref(srv.nvd_items);
	vt_rmtree(e->dir);
	free(e->dir);
	free(e);
	return 0;
}

static vigil_feed_update_opts
opts_for(struct env *e)
{
	vigil_feed_update_opts o = VIGIL_FEED_UPDATE_OPTS_INIT;
	static char cache[4200];

	snprintf(cache, sizeof(cache), "%s/cache", e->dir);
	o.urls.mirror = e->base;
	o.backoff_ms = 5;
	o.retries = 3;
	o.timeout_s = 30;
	o.cache_dir = cache;
	return o;
}

static bool
was_requested(const char *path)
{
	int i;

	for (i = 0; i < srv.requests && i < 64; i++)
		if (strcmp(srv.seen[i], path) == 0)
			return true;
	return false;
}

static void
test_kev_etag_and_resume(void **state)
{
	struct env *e = *state;
	vigil_feed_update_opts o = opts_for(e);
	vigil_feed_source src = {VIGIL_FEED_KEV, NULL};
	vigil_feed_stats s;
	vigil_error err;
	int nm = 0;

	/* The first transfer is cut half-way: resumed with a Range. */
	memset(&s, 0, sizeof(s));
	srv.truncate_next = 1;
	srv.requests = srv.ranges = 0;
	assert_int_equal(vigil_feed_update(&s, &nm, e->st, &src, &o, &err), 0);
	assert_int_equal(nm, 0);
	assert_int_equal(s.added, 2);
	assert_int_equal(srv.requests, 2);
	assert_int_equal(srv.ranges, 1);
	/* Again: If-None-Match gets a 304 and nothing is imported. */
	memset(&s, 0, sizeof(s));
	srv.not_modified = 0;
	assert_int_equal(vigil_feed_update(&s, &nm, e->st, &src, &o, &err), 0);
	assert_int_equal(nm, 1);
	assert_int_equal(srv.not_modified, 1);
	assert_int_equal(s.added + s.unchanged, 0);
}

static void
test_epss_retries(void **state)
{
	struct env *e = *state;
	vigil_feed_update_opts o = opts_for(e);
	vigil_feed_source src = {VIGIL_FEED_EPSS, NULL};
	vigil_feed_stats s;
	vigil_store_status st;
	vigil_error err;

	/* More failures than retries: an error, nothing stored. */
	memset(&s, 0, sizeof(s));
	o.retries = 1;
	srv.fail_next = 5;
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    VIGIL_EIO);
	assert_non_null(strstr(err.msg, "HTTP status 503"));
	assert_int_equal(srv.requests, 2);
	/* Two 503s then success within three retries. */
	o.retries = 3;
	srv.fail_next = 2;
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    0);
	assert_int_equal(srv.requests, 3);
	assert_int_equal(s.added, 3);
	vigil_store_status_get(&st, e->st, &err);
	assert_int_equal(st.epss, 3);
	assert_string_equal(st.epss_model, "v2099.01.01");
}

static void
test_nvd_pages_and_incremental(void **state)
{
	struct env *e = *state;
	vigil_feed_update_opts o = opts_for(e);
	vigil_feed_source src = {VIGIL_FEED_NVD, NULL};
	vigil_feed_stats s;
	vigil_error err;

	memset(&s, 0, sizeof(s));
	o.nvd_page = 2;
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    0);
	assert_int_equal(srv.requests, 2);	/* 3 CVEs, 2 per page */
	assert_int_equal(s.added, 3);
	assert_string_equal(srv.last_since, "");
	/* The next update asks only for what changed since. */
	memset(&s, 0, sizeof(s));
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    0);
	assert_int_equal(srv.requests, 1);
	assert_int_equal(strlen(srv.last_since), 29);	/* ISO 8601 */
	assert_int_equal(s.unchanged, 1);
	/* 300 days since the last update: three queries of <= 120 days. */
	{
		char when[48];
		time_t t = time(NULL) - 300L * 86400L;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S.000+00:00",
		    &tm);
		assert_int_equal(vigil_store_begin(e->st, &err), 0);
		assert_int_equal(vigil_store_meta_set(e->st, "nvd_last_update",
		    when, &err), 0);
		assert_int_equal(vigil_store_commit(e->st, &err), 0);
		srv.requests = 0;
		assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o,
		    &err), 0);
		assert_int_equal(srv.requests, 3);
		assert_true(was_requested("/nvd/cves/2.0"));
	}
}

static void
test_osv_dump_then_modified(void **state)
{
	struct env *e = *state;
	vigil_feed_update_opts o = opts_for(e);
	vigil_feed_source src = {VIGIL_FEED_OSV, "PyPI"};
	vigil_feed_stats s;
	vigil_error err;
	char *out = NULL;

	memset(&s, 0, sizeof(s));
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    0);
	assert_true(was_requested("/osv/PyPI/all.zip"));
	assert_int_equal(s.added, 5);
	assert_int_equal(s.withdrawn, 1);
	/* Then only the records modified since. */
	memset(&s, 0, sizeof(s));
	srv.requests = 0;
	assert_int_equal(vigil_feed_update(&s, NULL, e->st, &src, &o, &err),
	    0);
	assert_true(was_requested("/osv/PyPI/modified_id.csv"));
	assert_true(was_requested("/osv/PyPI/GHSA-vgl1-test-0001.json"));
	assert_false(was_requested("/osv/PyPI/OLD-0001.json"));
	assert_false(was_requested("/osv/PyPI/all.zip"));
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(vigil_store_show(&out, e->st, "GHSA-vgl1-test-0001",
	    VIGIL_STORE_TEXT, &err), 0);
	assert_non_null(strstr(out, "fixed in 1.4.3"));
	vigil_store_string_free(out);
}

static void
test_cli_update(void **state)
{
	struct env *e = *state;
	const char *bin = getenv("VIGIL_BIN");
	char db[4300], outf[4300], conf[4300];
	char *out;
	size_t len;
	FILE *fp;
	int rc;

	if (bin == NULL)
		skip();
	snprintf(db, sizeof(db), "%s/cli.db", e->dir);
	snprintf(outf, sizeof(outf), "%s/out.txt", e->dir);
	snprintf(conf, sizeof(conf), "%s/feeds.conf", e->dir);
	rc = vt_system("XDG_CONFIG_HOME=/nonexistent '%s' db update --db '%s' "
	    "--mirror %s --source kev --source epss --source osv:PyPI "
	    "--cache '%s/c' >'%s' 2>&1", bin, db, e->base, e->dir, outf);
	out = vt_read(outf, &len);
	print_message("%s", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "kev: 2 added, 0 updated"));
	assert_non_null(strstr(out, "epss: 3 added"));
	assert_non_null(strstr(out, "osv:PyPI: 5 added"));
	free(out);
	/* The same through a config file; now all not modified. */
	fp = fopen(conf, "w");
	fprintf(fp, "# test\nkev_url = %s/kev/known_exploited_vulnerabilities"
	    ".json\n  mirror = http://127.0.0.1:1/unused\n", e->base);
	fclose(fp);
	rc = vt_system("'%s' db update --db '%s' --config '%s' --source kev "
	    ">'%s' 2>&1", bin, db, conf, outf);
	out = vt_read(outf, &len);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "kev: not modified"));
	free(out);
	/* Default sources: nvd, kev, epss and the config's osv ones. */
	fp = fopen(conf, "w");
	fprintf(fp, "mirror = %s\nsources = osv:PyPI,  kev\n", e->base);
	fclose(fp);
	rc = vt_system("'%s' db update --db '%s' --config '%s' >'%s' 2>&1",
	    bin, db, conf, outf);
	out = vt_read(outf, &len);
	print_message("%s", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "nvd: 3 added"));
	assert_non_null(strstr(out, "epss: not modified"));
	assert_non_null(strstr(out, "osv:PyPI: 0 added, 1 updated"));
	free(out);
	/* A bad config line is a usage error. */
	fp = fopen(conf, "w");
	fprintf(fp, "no_such_key = 1\n");
	fclose(fp);
	rc = vt_system("'%s' db update --db '%s' --config '%s' >'%s' 2>&1",
	    bin, db, conf, outf);
	assert_int_equal(rc, 2);
	/* An unreachable mirror: a system error after the retries. */
	rc = vt_system("VIGIL_BACKOFF_MS=1 '%s' db update --db '%s' --mirror "
	    "http://127.0.0.1:1 --retries 1 --source kev >'%s' 2>&1", bin, db,
	    outf);
	assert_int_equal(rc, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kev_etag_and_resume, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_epss_retries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nvd_pages_and_incremental,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_osv_dump_then_modified,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_update, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
