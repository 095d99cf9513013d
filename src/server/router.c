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
	    "Liveness: the process answers", NULL, NULL},
	{"GET", "/readyz", ROLE_PUBLIC, api_ready, "operations",
	    "Readiness: the store answers a query", NULL, NULL},
	{"GET", "/api/openapi.json", ROLE_PUBLIC, api_openapi, "operations",
	    "This API's OpenAPI 3.1 document", NULL, NULL},
	{"GET", "/support/{org}", ROLE_PUBLIC, api_support_page, "public",
	    "Public support-status page of a manufacturer (HTML)", NULL,
	    NULL},
	{"GET", "/api/v1/public/{org}/support", ROLE_PUBLIC,
	    api_support_json, "public",
	    "Public support status of a manufacturer's products", NULL, NULL},
	{"POST", "/api/v1/session", ROLE_PUBLIC, api_session_login, "auth",
	    "Log in with email and password (sets the session cookie)",
	    NULL, "application/json"},
	{"GET", "/api/v1/session", ROLE_VIEWER, api_session_get, "auth",
	    "Who is logged in, with the CSRF token", NULL, NULL},
	{"DELETE", "/api/v1/session", ROLE_VIEWER, api_session_logout,
	    "auth", "Log out", NULL, NULL},
	{"GET", "/api/v1/orgs", ROLE_VIEWER, api_orgs_list, "admin",
	    "The caller's organisation", L "q", NULL},
	{"GET", "/api/v1/users", ROLE_ADMIN, api_users_list, "admin",
	    "Users of the organisation", L "q role", NULL},
	{"POST", "/api/v1/users", ROLE_ADMIN, api_users_create, "admin",
	    "Add a user (returns an API token, shown once)", NULL,
	    "application/json"},
	{"PATCH", "/api/v1/users/{id}", ROLE_ADMIN, api_users_update,
	    "admin", "Change a user's role, password or disable it", NULL,
	    "application/json"},
	{"GET", "/api/v1/tokens", ROLE_VIEWER, api_tokens_list, "auth",
	    "The caller's API tokens (never the secrets)", L "q", NULL},
	{"POST", "/api/v1/tokens", ROLE_VIEWER, api_tokens_create, "auth",
	    "Create an API token (shown once)", NULL, "application/json"},
	{"DELETE", "/api/v1/tokens/{id}", ROLE_VIEWER, api_tokens_revoke,
	    "auth", "Revoke one of the caller's tokens", NULL, NULL},
	{"GET", "/api/v1/audit", ROLE_ADMIN, api_audit_list, "admin",
	    "The append-only audit log", L "q action user_id", NULL},
	{"GET", "/api/v1/overview", ROLE_VIEWER, api_overview, "fleet",
	    "Fleet overview: devices by stage, findings by risk, KEV", NULL,
	    NULL},
	{"GET", "/api/v1/releases", ROLE_VIEWER, api_releases_list, "fleet",
	    "Product releases (device models and versions)",
	    L "q product stage", NULL},
	{"POST", "/api/v1/releases", ROLE_ANALYST, api_releases_create,
	    "fleet", "Add a release", NULL, "application/json"},
	{"GET", "/api/v1/releases/{id}", ROLE_VIEWER, api_releases_get,
	    "fleet", "One release with its support dates and counts", NULL,
	    NULL},
	{"PATCH", "/api/v1/releases/{id}", ROLE_ANALYST, api_releases_update,
	    "fleet", "Change a release's life-cycle stage or dates", NULL,
	    "application/json"},
	{"GET", "/api/v1/devices", ROLE_VIEWER, api_devices_list, "fleet",
	    "Installed devices", L "q release_id location product stage",
	    NULL},
	{"POST", "/api/v1/devices", ROLE_ANALYST, api_devices_create,
	    "fleet", "Add a device", NULL, "application/json"},
	{"GET", "/api/v1/devices/{id}", ROLE_VIEWER, api_devices_get,
	    "fleet", "One device", NULL, NULL},
	{"PATCH", "/api/v1/devices/{id}", ROLE_ANALYST, api_devices_update,
	    "fleet", "Change a device", NULL, "application/json"},
	{"DELETE", "/api/v1/devices/{id}", ROLE_ANALYST, api_devices_delete,
	    "fleet", "Remove a device", NULL, NULL},
	{"GET", "/api/v1/lifecycle", ROLE_VIEWER, api_lifecycle, "fleet",
	    "Life-cycle status: each release's N70 stage and dates",
	    L "q product stage", NULL},
	{"GET", "/api/v1/sboms", ROLE_VIEWER, api_sboms_list, "sbom",
	    "Uploaded SBOMs (history)", L "q release_id format", NULL},
	{"POST", "/api/v1/releases/{id}/sboms", ROLE_ANALYST,
	    api_sboms_upload, "sbom",
	    "Upload an SBOM (CycloneDX or SPDX, any format vigil reads); "
	    "scanned before the answer", "name", "application/octet-stream"},
	{"GET", "/api/v1/sboms/{id}", ROLE_VIEWER, api_sboms_get, "sbom",
	    "One SBOM's metadata and scan summary", NULL, NULL},
	{"GET", "/api/v1/sboms/{id}/content", ROLE_VIEWER,
	    api_sboms_download, "sbom", "Download the SBOM as uploaded", NULL,
	    NULL},
	{"GET", "/api/v1/sboms/{id}/components", ROLE_VIEWER, api_sboms_diff,
	    "sbom", "Components of an SBOM, or the difference to another "
	    "(?against=ID)", L "q state against", NULL},
	{"GET", "/api/v1/findings", ROLE_VIEWER, api_findings_list,
	    "findings", "Findings of each release's latest SBOM with VEX "
	    "status and patient-harm risk",
	    L "q release_id vuln severity risk kev vex_status", NULL},
	{"GET", "/api/v1/findings/{id}", ROLE_VIEWER, api_findings_get,
	    "findings", "One finding", NULL, NULL},
	{"GET", "/api/v1/affected", ROLE_VIEWER, api_affected, "findings",
	    "Which devices are affected by a vulnerability (any alias) or "
	    "contain a component", L "id component", NULL},
	{"GET", "/api/v1/vex", ROLE_VIEWER, api_vex_list, "vex",
	    "VEX decisions", L "q release_id vuln status", NULL},
	{"PUT", "/api/v1/vex/{release}/{vuln}", ROLE_ANALYST, api_vex_set,
	    "vex", "Set the VEX status of a vulnerability in a release",
	    NULL, "application/json"},
	{"GET", "/api/v1/reports/{release}", ROLE_VIEWER, api_report,
	    "findings", "Report of a release: summary, findings and VEX "
	    "(JSON, or CSV with ?format=csv)", "format", NULL},
	{"GET", "/api/v1/vulnerabilities/{id}", ROLE_VIEWER, api_vuln_get,
	    "advisories", "An advisory by any of its ids (CVE, GHSA, ...)",
	    NULL, NULL},
	{"GET", "/api/v1/store", ROLE_VIEWER, api_store_status, "advisories",
	    "Store status: counts, snapshot id, last imports", NULL, NULL},
	{"GET", "/api/v1/jobs", ROLE_VIEWER, api_jobs_list, "jobs",
	    "Background jobs and their progress", L "kind state", NULL},
	{"POST", "/api/v1/jobs", ROLE_ANALYST, api_jobs_create, "jobs",
	    "Start a background job: {\"kind\": \"rescan\"}", NULL,
	    "application/json"},
	{"GET", "/api/v1/jobs/{id}", ROLE_VIEWER, api_jobs_get, "jobs",
	    "One job's progress", NULL, NULL},
	{"POST", "/api/v1/feeds", ROLE_ADMIN, api_feeds_upload, "jobs",
	    "Upload a feed file (OSV, NVD, KEV, EPSS); imported in the "
	    "background", "name", "application/octet-stream"},
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
		responses = json_pack("{s:{s:s},s:o,s:o,s:o,s:o}",
		    "200", "description", "OK",
		    "400", problem_ref(), "401", problem_ref(),
		    "403", problem_ref(), "404", problem_ref());
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
	    "{s:{s:{s:s,s:s}},s:{s:{s:s,s:s,s:s},s:{s:s,s:s,s:s}},"
	    "s:{s:{s:s,s:{s:{s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s},"
	    "s:{s:s},s:{s:s}}}}}}}}",
	    "schemas", "Any", "type", "object", "description",
	    "see docs/server.md",
	    "securitySchemes",
	    "bearer", "type", "http", "scheme", "bearer", "bearerFormat",
	    "vgl_ token",
	    "cookie", "type", "apiKey", "in", "cookie", "name",
	    "vigil_session",
	    "responses", "Problem", "description",
	    "RFC 9457 problem details", "content",
	    "application/problem+json", "schema", "type", "object",
	    "properties", "type", "type", "string", "title", "type",
	    "string", "status", "type", "integer", "detail", "type",
	    "string", "instance", "type", "string"));
	json_object_set_new(doc, "security", json_pack("[{s:[]},{s:[]}]",
	    "bearer", "cookie"));
	return doc;
}
