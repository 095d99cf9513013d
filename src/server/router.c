/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The route table: every URL the server answers, the least role it needs,
 * its handler and how it is documented.  It is the one source of the
 * routes: the dispatcher walks it, and the OpenAPI 3.1 document served at
 * /api/openapi.json is generated from it (a test checks that every route
 * answers and every documented operation exists).
 *
 * A pattern is matched segment by segment; "{name}" matches one
 * non-empty segment, which the handler reads as r->params[i] in order.
 */
#include <stdio.h>
#include <string.h>

#include "server.h"

#define L "LIST "

const struct route srv_routes[] = {
	{"GET", "/healthz", ROLE_PUBLIC, api_health, "operations",
	    "Liveness: the process answers", NULL, NULL,
	    200, "Status"},
	{"GET", "/readyz", ROLE_PUBLIC, api_ready, "operations",
	    "Readiness: the store answers a query", NULL, NULL,
	    200, "Status"},
	{"GET", "/api/openapi.json", ROLE_PUBLIC, api_openapi, "operations",
	    "This API's OpenAPI 3.1 document", NULL, NULL,
	    200, "OpenApiDocument"},
	{"GET", "/support/{org}", ROLE_PUBLIC, api_support_page, "public",
	    "Public support-status page of a manufacturer (HTML)", NULL,
	    NULL,
	    200, "|text/html"},
	{"GET", "/api/v1/public/{org}/support", ROLE_PUBLIC,
	    api_support_json, "public",
	    "Public support status of a manufacturer's products", NULL, NULL,
	    200, "SupportStatus"},
	{"POST", "/api/v1/session", ROLE_PUBLIC, api_session_login, "auth",
	    "Log in with email and password (sets the session cookie)",
	    NULL, "application/json",
	    200, "Login"},
	{"GET", "/api/v1/session", ROLE_VIEWER, api_session_get, "auth",
	    "Who is logged in, with the CSRF token", NULL, NULL,
	    200, "Session"},
	{"DELETE", "/api/v1/session", ROLE_VIEWER, api_session_logout,
	    "auth", "Log out", NULL, NULL,
	    204, NULL},
	{"GET", "/api/v1/orgs", ROLE_VIEWER, api_orgs_list, "admin",
	    "The caller's organisation", L "q", NULL,
	    200, "Organisation[]"},
	{"GET", "/api/v1/users", ROLE_ADMIN, api_users_list, "admin",
	    "Users of the organisation", L "q role", NULL,
	    200, "User[]"},
	{"POST", "/api/v1/users", ROLE_ADMIN, api_users_create, "admin",
	    "Add a user (returns an API token, shown once)", NULL,
	    "application/json",
	    201, "NewUser"},
	{"PATCH", "/api/v1/users/{id}", ROLE_ADMIN, api_users_update,
	    "admin", "Change a user's role, password or disable it", NULL,
	    "application/json",
	    200, "User"},
	{"GET", "/api/v1/tokens", ROLE_VIEWER, api_tokens_list, "auth",
	    "The caller's API tokens (never the secrets)", L "q", NULL,
	    200, "Token[]"},
	{"POST", "/api/v1/tokens", ROLE_VIEWER, api_tokens_create, "auth",
	    "Create an API token (shown once)", NULL, "application/json",
	    201, "NewToken"},
	{"DELETE", "/api/v1/tokens/{id}", ROLE_VIEWER, api_tokens_revoke,
	    "auth", "Revoke one of the caller's tokens", NULL, NULL,
	    204, NULL},
	{"GET", "/api/v1/audit", ROLE_ADMIN, api_audit_list, "admin",
	    "The append-only audit log", L "q action user_id", NULL,
	    200, "AuditEntry[]"},
	{"GET", "/api/v1/overview", ROLE_VIEWER, api_overview, "fleet",
	    "Fleet overview: devices by stage, findings by risk, KEV", NULL,
	    NULL,
	    200, "Overview"},
	{"GET", "/api/v1/releases", ROLE_VIEWER, api_releases_list, "fleet",
	    "Product releases (device models and versions)",
	    L "q product stage", NULL,
	    200, "Release[]"},
	{"POST", "/api/v1/releases", ROLE_ANALYST, api_releases_create,
	    "fleet", "Add a release", NULL, "application/json",
	    201, "Release"},
	{"GET", "/api/v1/releases/{id}", ROLE_VIEWER, api_releases_get,
	    "fleet", "One release with its support dates and counts", NULL,
	    NULL,
	    200, "Release"},
	{"PATCH", "/api/v1/releases/{id}", ROLE_ANALYST, api_releases_update,
	    "fleet", "Change a release's life-cycle stage or dates", NULL,
	    "application/json",
	    200, "Release"},
	{"GET", "/api/v1/devices", ROLE_VIEWER, api_devices_list, "fleet",
	    "Installed devices", L "q release_id location product stage",
	    NULL,
	    200, "Device[]"},
	{"POST", "/api/v1/devices", ROLE_ANALYST, api_devices_create,
	    "fleet", "Add a device", NULL, "application/json",
	    201, "Device"},
	{"GET", "/api/v1/devices/{id}", ROLE_VIEWER, api_devices_get,
	    "fleet", "One device", NULL, NULL,
	    200, "Device"},
	{"PATCH", "/api/v1/devices/{id}", ROLE_ANALYST, api_devices_update,
	    "fleet", "Change a device", NULL, "application/json",
	    200, "Device"},
	{"DELETE", "/api/v1/devices/{id}", ROLE_ANALYST, api_devices_delete,
	    "fleet", "Remove a device", NULL, NULL,
	    204, NULL},
	{"GET", "/api/v1/lifecycle", ROLE_VIEWER, api_lifecycle, "fleet",
	    "Life-cycle status: each release's N70 stage and dates",
	    L "q product stage", NULL,
	    200, "Release[]"},
	{"GET", "/api/v1/sboms", ROLE_VIEWER, api_sboms_list, "sbom",
	    "Uploaded SBOMs (history)", L "q release_id format", NULL,
	    200, "Sbom[]"},
	{"POST", "/api/v1/releases/{id}/sboms", ROLE_ANALYST,
	    api_sboms_upload, "sbom",
	    "Upload an SBOM (CycloneDX or SPDX, any format vigil reads); "
	    "scanned before the answer", "name", "application/octet-stream",
	    201, "SbomScan"},
	{"GET", "/api/v1/sboms/{id}", ROLE_VIEWER, api_sboms_get, "sbom",
	    "One SBOM's metadata and scan summary", NULL, NULL,
	    200, "Sbom"},
	{"GET", "/api/v1/sboms/{id}/content", ROLE_VIEWER,
	    api_sboms_download, "sbom", "Download the SBOM as uploaded", NULL,
	    NULL,
	    200, "|application/octet-stream"},
	{"GET", "/api/v1/sboms/{id}/components", ROLE_VIEWER, api_sboms_diff,
	    "sbom", "Components of an SBOM, or the difference to another "
	    "(?against=ID)", L "q state against", NULL,
	    200, "ComponentsOrDiff"},
	{"GET", "/api/v1/findings", ROLE_VIEWER, api_findings_list,
	    "findings", "Findings of each release's latest SBOM with VEX "
	    "status and patient-harm risk",
	    L "q release_id vuln severity risk kev vex_status", NULL,
	    200, "Finding[]"},
	{"GET", "/api/v1/findings/{id}", ROLE_VIEWER, api_findings_get,
	    "findings", "One finding", NULL, NULL,
	    200, "Finding"},
	{"GET", "/api/v1/affected", ROLE_VIEWER, api_affected, "findings",
	    "Which devices are affected by a vulnerability (any alias) or "
	    "contain a component", L "id component", NULL,
	    200, "Affected[]"},
	{"GET", "/api/v1/vex", ROLE_VIEWER, api_vex_list, "vex",
	    "VEX decisions", L "q release_id vuln status", NULL,
	    200, "VexDecision[]"},
	{"PUT", "/api/v1/vex/{release}/{vuln}", ROLE_ANALYST, api_vex_set,
	    "vex", "Set the VEX status of a vulnerability in a release",
	    NULL, "application/json",
	    200, "VexDecision"},
	{"GET", "/api/v1/reports/{release}", ROLE_VIEWER, api_report,
	    "findings", "Report of a release: summary, findings and VEX "
	    "(JSON, or CSV with ?format=csv)", "format", NULL,
	    200, "Report|text/csv"},
	{"GET", "/api/v1/vulnerabilities/{id}", ROLE_VIEWER, api_vuln_get,
	    "advisories", "An advisory by any of its ids (CVE, GHSA, ...)",
	    NULL, NULL,
	    200, "AdvisoryView"},
	{"GET", "/api/v1/store", ROLE_VIEWER, api_store_status, "advisories",
	    "Store status: counts, snapshot id, last imports", NULL, NULL,
	    200, "StoreStatus"},
	{"GET", "/api/v1/jobs", ROLE_VIEWER, api_jobs_list, "jobs",
	    "Background jobs and their progress", L "kind state", NULL,
	    200, "Job[]"},
	{"POST", "/api/v1/jobs", ROLE_ANALYST, api_jobs_create, "jobs",
	    "Start a background job: {\"kind\": \"rescan\"}", NULL,
	    "application/json",
	    202, "Job"},
	{"GET", "/api/v1/jobs/{id}", ROLE_VIEWER, api_jobs_get, "jobs",
	    "One job's progress", NULL, NULL,
	    200, "Job"},
	{"POST", "/api/v1/feeds", ROLE_ADMIN, api_feeds_upload, "jobs",
	    "Upload a feed file (OSV, NVD, KEV, EPSS); imported in the "
	    "background", "name", "application/octet-stream",
	    202, "Job"},
};

const size_t srv_nroutes = sizeof(srv_routes) / sizeof(srv_routes[0]);

bool
srv_route_match(const char *pattern, const char *path, const char **params,
    size_t *nparams, char *buf, size_t bufsz)
{
	const char *p = pattern, *s = path;
	size_t used = 0, n = 0, len;

	while (*p != '\0' && *s != '\0') {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		if (*p == '{') {
			len = strcspn(s, "/");
			if (len == 0 || n >= SRV_MAX_PARAMS || used + len + 1 >
			    bufsz)
				return false;
			memcpy(buf + used, s, len);
			buf[used + len] = '\0';
			params[n++] = buf + used;
			used += len + 1;
			s += len;
			p += strcspn(p, "/");
		} else {
			len = strcspn(p, "/");
			if (strncmp(p, s, len) != 0 || (s[len] != '/' &&
			    s[len] != '\0'))
				return false;
			p += len;
			s += len;
		}
	}
	if (*p != '\0' || *s != '\0')
		return false;
	*nparams = n;
	return true;
}

const struct route *
srv_route_find(struct req *r, const char *method, const char *path,
    bool *path_known)
{
	static _Thread_local char buf[SRV_MAX_PATH];
	const char *params[SRV_MAX_PARAMS];
	size_t i, n;

	*path_known = false;
	for (i = 0; i < srv_nroutes; i++) {
		if (!srv_route_match(srv_routes[i].pattern, path, params, &n,
		    buf, sizeof(buf)))
			continue;
		*path_known = true;
		if (strcmp(srv_routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		    strcmp(srv_routes[i].method, "GET") == 0)) {
			if (r != NULL) {
				memcpy(r->params, params, n * sizeof(*params));
				r->nparams = n;
			}
			return &srv_routes[i];
		}
	}
	return NULL;
}

/* ---- the OpenAPI document ----------------------------------------------- */

const struct srv_resource srv_resources[] = {
	{"Organisation", &srv_ls_org},
	{"User", &srv_ls_user},
	{"Token", &srv_ls_token},
	{"AuditEntry", &srv_ls_audit},
	{"Release", &srv_ls_release},
	{"Device", &srv_ls_device},
	{"Sbom", &srv_ls_sbom},
	{"Component", &srv_ls_component},
	{"Finding", &srv_ls_finding},
	{"Affected", &srv_ls_affected},
	{"VexDecision", &srv_ls_vex},
	{"Job", &srv_ls_job},
};

const size_t srv_nresources = sizeof(srv_resources) /
    sizeof(srv_resources[0]);

/*
 * Schemas of the answers that are not rows of a list, as JSON text.  They
 * name the members every answer has (required) and leave room for more.
 */
static const char *const fixed_schemas[][2] = {
	{"Problem", "{\"type\":\"object\",\"description\":\"RFC 9457 "
	    "problem details\",\"required\":[\"type\",\"title\",\"status\"],"
	    "\"properties\":{\"type\":{\"type\":\"string\"},\"title\":"
	    "{\"type\":\"string\"},\"status\":{\"type\":\"integer\","
	    "\"minimum\":400,\"maximum\":599},\"detail\":{\"type\":"
	    "\"string\"},\"instance\":{\"type\":\"string\"}}}"},
	{"Status", "{\"type\":\"object\",\"required\":[\"status\"],"
	    "\"properties\":{\"status\":{\"type\":\"string\"}}}"},
	{"OpenApiDocument", "{\"type\":\"object\",\"required\":[\"openapi\","
	    "\"info\",\"paths\"]}"},
	{"SupportStatus", "{\"type\":\"object\",\"required\":"
	    "[\"manufacturer\",\"products\"],\"properties\":{\"manufacturer\":"
	    "{\"type\":\"string\"},\"products\":{\"type\":\"array\",\"items\":"
	    "{\"type\":\"object\"}}}}"},
	{"Login", "{\"type\":\"object\",\"required\":[\"email\",\"role\","
	    "\"csrf\"],\"properties\":{\"email\":{\"type\":\"string\"},"
	    "\"role\":{\"enum\":[\"admin\",\"analyst\",\"viewer\"]},\"csrf\":"
	    "{\"type\":\"string\"}}}"},
	{"Session", "{\"type\":\"object\",\"required\":[\"user_id\","
	    "\"org_id\",\"email\",\"role\"],\"properties\":{\"user_id\":"
	    "{\"type\":\"integer\"},\"org_id\":{\"type\":\"integer\"},"
	    "\"email\":{\"type\":\"string\"},\"role\":{\"enum\":[\"admin\","
	    "\"analyst\",\"viewer\"]},\"csrf\":{\"type\":\"string\"}}}"},
	{"NewUser", "{\"allOf\":[{\"$ref\":\"#/components/schemas/User\"},"
	    "{\"type\":\"object\",\"required\":[\"token\"],\"properties\":"
	    "{\"token\":{\"type\":\"string\",\"description\":\"the API "
	    "token, shown once\"}}}]}"},
	{"NewToken", "{\"type\":\"object\",\"required\":[\"id\",\"name\","
	    "\"token\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
	    "\"name\":{\"type\":\"string\"},\"token\":{\"type\":\"string\","
	    "\"description\":\"shown once\"}}}"},
	{"Overview", "{\"type\":\"object\",\"required\":[\"devices_by_stage\","
	    "\"findings_by_risk\",\"findings_by_severity\",\"findings_by_vex\","
	    "\"totals\"],\"properties\":{\"devices_by_stage\":{\"type\":"
	    "\"object\"},\"findings_by_risk\":{\"type\":\"object\"},"
	    "\"findings_by_severity\":{\"type\":\"object\"},"
	    "\"findings_by_vex\":{\"type\":\"object\"},\"totals\":{\"type\":"
	    "\"object\"}}}"},
	{"SbomScan", "{\"type\":\"object\",\"required\":[\"id\","
	    "\"release_id\",\"format\",\"sha256\",\"components\",\"findings\"],"
	    "\"properties\":{\"id\":{\"type\":\"integer\"},\"release_id\":"
	    "{\"type\":\"integer\"},\"format\":{\"type\":\"string\"},"
	    "\"sha256\":{\"type\":\"string\"},\"components\":{\"type\":"
	    "\"integer\"},\"findings\":{\"type\":\"integer\"}}}"},
	{"SbomDiff", "{\"type\":\"object\",\"required\":[\"sbom\",\"against\","
	    "\"added\",\"removed\"],\"properties\":{\"sbom\":{\"type\":"
	    "\"integer\"},\"against\":{\"type\":\"integer\"},\"added\":"
	    "{\"type\":\"array\"},\"removed\":{\"type\":\"array\"}}}"},
	{"ComponentsOrDiff", "{\"oneOf\":[{\"$ref\":\"#/components/schemas/"
	    "ComponentList\"},{\"$ref\":\"#/components/schemas/SbomDiff\"}]}"},
	{"Report", "{\"type\":\"object\",\"required\":[\"release\","
	    "\"findings_count\",\"findings\"],\"properties\":{\"release\":"
	    "{\"type\":\"object\"},\"findings_count\":{\"type\":\"integer\"},"
	    "\"findings\":{\"type\":\"array\",\"items\":{\"type\":"
	    "\"object\"}}}}"},
	{"AdvisoryView", "{\"type\":\"object\",\"required\":[\"advisory\","
	    "\"releases\"],\"properties\":{\"advisory\":{\"type\":\"object\"},"
	    "\"releases\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
	    "\"required\":[\"release_id\"]}}}}"},
	{"StoreStatus", "{\"type\":\"object\",\"required\":[\"snapshot\","
	    "\"vulnerabilities\",\"osv\",\"nvd\",\"kev\",\"epss\",\"imports\"],"
	    "\"properties\":{\"snapshot\":{\"type\":\"string\"},"
	    "\"vulnerabilities\":{\"type\":\"integer\"},\"osv\":{\"type\":"
	    "\"integer\"},\"nvd\":{\"type\":\"integer\"},\"kev\":{\"type\":"
	    "\"integer\"},\"epss\":{\"type\":\"integer\"},\"imports\":"
	    "{\"type\":\"integer\"}}}"},
};

const char *
srv_col_json_type(char type)
{
	switch (type) {
	case 'i':
		return "integer";
	case 'd':
		return "number";
	case 'b':
		return "boolean";
	case 's':
		return "string";
	default:
		return NULL;	/* 'j': any JSON */
	}
}

/* The schema of one row of LS: every column, in order, present; a null
 * where the database has none, except the id. */
static json_t *
row_schema(const struct listspec *ls)
{
	json_t *props = json_object(), *req = json_array();
	const struct listcol *c;
	const char *t;

	for (c = ls->cols; c->name != NULL; c++) {
		t = srv_col_json_type(c->type);
		json_array_append_new(req, json_string(c->name));
		if (t == NULL)
			json_object_set_new(props, c->name, json_object());
		else if (strcmp(c->name, "id") == 0)
			json_object_set_new(props, c->name, json_pack("{s:s}",
			    "type", t));
		else
			json_object_set_new(props, c->name, json_pack(
			    "{s:[s,s]}", "type", t, "null"));
	}
	return json_pack("{s:s,s:o,s:o}", "type", "object", "required", req,
	    "properties", props);
}

static json_t *
list_schema(const char *item)
{
	char ref[128];

	snprintf(ref, sizeof(ref), "#/components/schemas/%s", item);
	return json_pack("{s:s,s:[s,s,s,s],s:{s:{s:s,s:{s:s}},s:{s:s,s:i},"
	    "s:{s:s,s:i,s:i},s:{s:s,s:i},s:{s:s,s:s}}}", "type", "object",
	    "required", "items", "total", "limit", "offset", "properties",
	    "items", "type", "array", "items", "$ref", ref,
	    "total", "type", "integer", "minimum", 0,
	    "limit", "type", "integer", "minimum", 1, "maximum", SRV_PAGE_MAX,
	    "offset", "type", "integer", "minimum", 0,
	    "next", "type", "string", "description", "present on a full "
	    "page: pass it as ?cursor= (same sort, order and filters) for the "
	    "next page");
}

static json_t *
schemas(void)
{
	json_t *all = json_object(), *j;
	char name[80];
	size_t i;

	for (i = 0; i < srv_nresources; i++) {
		json_object_set_new(all, srv_resources[i].name,
		    row_schema(*srv_resources[i].ls));
		snprintf(name, sizeof(name), "%sList", srv_resources[i].name);
		json_object_set_new(all, name, list_schema(
		    srv_resources[i].name));
	}
	for (i = 0; i < sizeof(fixed_schemas) / sizeof(fixed_schemas[0]);
	    i++) {
		if ((j = json_loads(fixed_schemas[i][1], 0, NULL)) == NULL)
			vigil__misuse("router.c: a fixed schema is not JSON");
		json_object_set_new(all, fixed_schemas[i][0], j);
	}
	return all;
}

/* The success response of RT: its status and content per SCHEMA. */
static json_t *
ok_response(const struct route *rt)
{
	json_t *resp, *content;
	const char *s = rt->schema, *bar;
	char ref[128];
	size_t len;

	resp = json_pack("{s:s}", "description", rt->ok == 201 ? "Created" :
	    rt->ok == 202 ? "Accepted (a job)" : rt->ok == 204 ?
	    "No Content" : "OK");
	if (s == NULL)
		return resp;
	content = json_object();
	len = strcspn(s, "|[");
	if (len > 0) {
		snprintf(ref, sizeof(ref), "#/components/schemas/%.*s%s",
		    (int)len, s, s[len] == '[' ? "List" : "");
		json_object_set_new(content, "application/json", json_pack(
		    "{s:{s:s}}", "schema", "$ref", ref));
	}
	for (bar = strchr(s, '|'); bar != NULL; bar = strchr(bar + 1, '|')) {
		len = strcspn(bar + 1, "|");
		snprintf(ref, sizeof(ref), "%.*s", (int)len, bar + 1);
		json_object_set_new(content, ref, json_pack("{s:{s:s}}",
		    "schema", "type", "string"));
	}
	json_object_set_new(resp, "content", content);
	return resp;
}

static json_t *
problem_ref(void)
{
	return json_pack("{s:s}", "$ref", "#/components/responses/Problem");
}

static json_t *
param(const char *name, const char *in, bool required)
{
	json_t *schema;

	if (strcmp(name, "limit") == 0 || strcmp(name, "offset") == 0)
		schema = json_pack("{s:s,s:i}", "type", "integer", "minimum",
		    strcmp(name, "limit") == 0 ? 1 : 0);
	else if (strcmp(name, "order") == 0)
		schema = json_pack("{s:s,s:[s,s]}", "type", "string", "enum",
		    "asc", "desc");
	else
		schema = json_pack("{s:s}", "type", "string");
	return json_pack("{s:s,s:s,s:b,s:o}", "name", name, "in", in,
	    "required", required, "schema", schema);
}

static void
add_query(json_t *params, const char *q)
{
	char name[64];
	size_t len;

	while (q != NULL && *q != '\0') {
		len = strcspn(q, " ");
		if (len > 0 && len < sizeof(name)) {
			memcpy(name, q, len);
			name[len] = '\0';
			if (strcmp(name, "LIST") == 0) {
				json_array_append_new(params, param("limit",
				    "query", false));
				json_array_append_new(params, param("offset",
				    "query", false));
				json_array_append_new(params, param("cursor",
				    "query", false));
				json_array_append_new(params, param("sort",
				    "query", false));
				json_array_append_new(params, param("order",
				    "query", false));
			} else
				json_array_append_new(params, param(name,
				    "query", false));
		}
		q += len;
		while (*q == ' ')
			q++;
	}
}

json_t *
srv_openapi(void)
{
	json_t *doc, *paths, *op, *params, *item, *responses;
	char lower[16], name[64];
	const struct route *rt;
	const char *p;
	size_t i, j, len;

	doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}]}",
	    "openapi", "3.1.0",
	    "info", "title", "vigil", "version", VIGIL_VERSION,
	    "description", "Cybersecurity of medical devices: SBOMs, "
	    "vulnerabilities, VEX, life cycle.  Errors are RFC 9457 problem "
	    "details.",
	    "servers", "url", "/");
	paths = json_object();
	for (i = 0; i < srv_nroutes; i++) {
		rt = &srv_routes[i];
		params = json_array();
		for (p = rt->pattern; (p = strchr(p, '{')) != NULL; p++) {
			len = strcspn(p + 1, "}");
			if (len >= sizeof(name))
				continue;
			memcpy(name, p + 1, len);
			name[len] = '\0';
			json_array_append_new(params, param(name, "path",
			    true));
		}
		add_query(params, rt->query);
		responses = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}",
		    "400", problem_ref(), "401", problem_ref(),
		    "403", problem_ref(), "404", problem_ref(),
		    "429", problem_ref(), "503", problem_ref());
		snprintf(name, sizeof(name), "%u", rt->ok);
		json_object_set_new(responses, name, ok_response(rt));
		op = json_pack("{s:s,s:[s],s:s,s:o,s:o}",
		    "summary", rt->summary, "tags", rt->tag,
		    "operationId", rt->pattern, "parameters", params,
		    "responses", responses);
		{
			char opid[256];

			snprintf(opid, sizeof(opid), "%s %s", rt->method,
			    rt->pattern);
			json_object_set_new(op, "operationId",
			    json_string(opid));
		}
		if (rt->role == ROLE_PUBLIC)
			json_object_set_new(op, "security", json_array());
		else
			json_object_set_new(op, "x-vigil-role",
			    json_string(srv_role_name(rt->role)));
		if (rt->body != NULL)
			json_object_set_new(op, "requestBody", json_pack(
			    "{s:b,s:{s:{s:{}}}}", "required", 1, "content",
			    rt->body, "schema"));
		for (j = 0; rt->method[j] != '\0' && j + 1 < sizeof(lower);
		    j++)
			lower[j] = (char)vgx_tolower((unsigned char)
			    rt->method[j]);
		lower[j] = '\0';
		if ((item = json_object_get(paths, rt->pattern)) == NULL) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		json_object_set_new(item, lower, op);
	}
	json_object_set_new(doc, "paths", paths);
	json_object_set_new(doc, "components", json_pack(
	    "{s:o,s:{s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}},"
	    "s:{s:{s:s,s:{s:{s:{s:s}}}}}}",
	    "schemas", schemas(),
	    "securitySchemes",
	    "bearer", "type", "http", "scheme", "bearer", "bearerFormat",
	    "vgl_ token",
	    "cookie", "type", "apiKey", "in", "cookie", "name",
	    "vigil_session",
	    "responses", "Problem", "description",
	    "RFC 9457 problem details", "content",
	    "application/problem+json", "schema", "$ref",
	    "#/components/schemas/Problem"));
	json_object_set_new(doc, "security", json_pack("[{s:[]},{s:[]}]",
	    "bearer", "cookie"));
	return doc;
}
