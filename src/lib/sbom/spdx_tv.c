/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SPDX 2.2 and 2.3 tag-value reader (SPDX 2.3 specification, annex on
 * the tag-value format).  Line by line: "Tag: value", where a value may
 * be <text>...</text> over several lines.  A PackageName line starts a
 * package, which is complete (and delivered) when the next section
 * starts; FileName, SnippetSPDXID and LicenseID start sections that are
 * not components.
 *
 * Positions: a diagnostic names the line and the column (1-based, in
 * bytes) of the offending token: the tag for a line that is not
 * "Tag: value", the value for a value that is wrong, the PackageName tag
 * for what a whole package lacks, the byte itself for a NUL or a byte
 * that is not UTF-8.
 */
#include <string.h>

#include "sbomint.h"

enum section { S_DOC, S_PKG, S_FILE, S_SNIPPET, S_LICENSE, S_OTHER };

struct tv {
	struct spdx sp;
	struct input *in;
	char *chunk;
	size_t clen, coff;
	bool eof;
	vgx_buf line;		/* the current logical line */
	unsigned long lineno;	/* of the line's first physical line */
	unsigned long col;	/* of the token a diagnostic is about */
	unsigned long next;	/* next physical line number */
	enum section sec;
	bool pkg_has_dl;
	unsigned long pkg_line, pkg_col;
	bool have[8];		/* document tags seen */
	const char *creators[64];
	const char *tools[64];
	size_t ncreators, ntools;
	char where[32];
};

enum { T_VERSION, T_DATALIC, T_ID, T_NAME, T_NS, T_CREATOR, T_CREATED };

/* One physical line into B (appending); 1, 0 at EOF, or < 0. */
static int
phys_line(struct tv *t, vgx_buf *b, vigil_error *err)
{
	bool any = false;
	int rc;

	for (;;) {
		char *nl;
		size_t n;

		if (t->coff == t->clen) {
			if (t->eof)
				return any ? 1 : 0;
			if ((rc = vigil__input_read(t->in, t->chunk, 65536,
			    &t->clen, err)) < 0)
				return rc;
			t->coff = 0;
			if (t->clen == 0) {
				t->eof = true;
				return any ? 1 : 0;
			}
		}
		any = true;
		nl = memchr(t->chunk + t->coff, '\n', t->clen - t->coff);
		n = nl != NULL ? (size_t)(nl - (t->chunk + t->coff)) :
		    t->clen - t->coff;
		if (vgx_buf_add(b, t->chunk + t->coff, n) < 0)
			return vigil__error_at(err, VIGIL_ETOOBIG, t->next, 0,
			    "line longer than the limit");
		t->coff += n;
		if (nl != NULL) {
			t->coff++;
			if (b->len > 0 && b->ptr[b->len - 1] == '\r')
				b->ptr[--b->len] = '\0';
			return 1;
		}
	}
}

#define DIAG(t, kind, ...) do {						\
	int rc_ = vigil__sbom_diag((t)->sp.r, (kind), (t)->lineno,	\
	    (t)->col, "", __VA_ARGS__);					\
	if (rc_ < 0)							\
		return rc_;						\
} while (0)

static int
end_section(struct tv *t)
{
	int rc;

	if (t->sec == S_PKG) {
		unsigned long l = t->lineno, c = t->col;

		/* What the package lacks is said at its PackageName. */
		t->lineno = t->pkg_line;
		t->col = t->pkg_col;
		if (!t->pkg_has_dl)
			DIAG(t, D_DEVIATION, "package '%s' has no "
			    "PackageDownloadLocation",
			    t->sp.r->b.c.name ? t->sp.r->b.c.name : "");
		if (t->sp.r->b.c.ref == NULL)
			DIAG(t, D_DEVIATION, "package has no SPDXID");
		t->lineno = l;
		t->col = c;
		if ((rc = vigil__spdx_commit(&t->sp)) < 0)
			return rc;
		vigil__arena_reset(&t->sp.r->scratch);
	}
	t->sec = S_OTHER;
	return 0;
}

static bool
is_none(const char *v)
{
	return strcmp(v, "NOASSERTION") == 0 || strcmp(v, "NONE") == 0;
}

static int
pkg_tag(struct tv *t, const char *tag, const char *v)
{
	struct reader *r = t->sp.r;
	struct cbuild *b = &r->b;
	int rc;

	if (strcmp(tag, "SPDXID") == 0) {
		if (!vigil__spdx_id_ok(v))
			DIAG(t, D_DEVIATION, "'%s' is not an SPDX id", v);
		(void)vigil__cb_ref(r, v, strlen(v));
	} else if (strcmp(tag, "PackageVersion") == 0) {
		b->c.version = vigil__cb_str(r, v, strlen(v));
	} else if (strcmp(tag, "PackageSupplier") == 0) {
		b->c.supplier = vigil__spdx_actor(r, v);
	} else if (strcmp(tag, "PackageOriginator") == 0) {
		b->c.author = vigil__spdx_actor(r, v);
	} else if (strcmp(tag, "PackageDownloadLocation") == 0) {
		t->pkg_has_dl = true;
		if (!is_none(v))
			b->c.download = vigil__cb_str(r, v, strlen(v));
	} else if (strcmp(tag, "PackageHomePage") == 0) {
		if (!is_none(v) && vigil__cb_extref(r, "website", v) < 0)
			return VIGIL_ENOMEM;
	} else if (strcmp(tag, "PackageLicenseConcluded") == 0 ||
	    strcmp(tag, "PackageLicenseDeclared") == 0) {
		size_t i;

		if (is_none(v))
			return 0;
		for (i = 0; i < b->nlics; i++)
			if (strcmp(b->lics[i], v) == 0)
				return 0;
		if (vigil__cb_license(r, v) < 0)
			return VIGIL_ENOMEM;
	} else if (strcmp(tag, "PackageCopyrightText") == 0) {
		if (!is_none(v))
			b->c.copyright = vigil__cb_str(r, v, strlen(v));
	} else if (strcmp(tag, "PackageDescription") == 0) {
		b->c.description = vigil__cb_str(r, v, strlen(v));
	} else if (strcmp(tag, "ValidUntilDate") == 0) {
		if (!vigil__sbom_is_datetime(v, true))
			DIAG(t, D_DEVIATION, "ValidUntilDate '%s' is not a "
			    "date-time", v);
		b->c.eos = vigil__cb_str(r, v, strlen(v));
	} else if (strcmp(tag, "PackageChecksum") == 0) {
		const char *c = strchr(v, ':');
		char alg[32];
		size_t n;

		if (c == NULL || (n = (size_t)(c - v)) >= sizeof(alg)) {
			DIAG(t, D_DEVIATION, "PackageChecksum is not 'ALG: HEX'");
			return 0;
		}
		memcpy(alg, v, n);
		alg[n] = '\0';
		for (c++; *c == ' '; c++)
			;
		t->sp.col = t->col;
		if ((rc = vigil__spdx_checksum(&t->sp, alg, c, t->lineno,
		    "")) < 0)
			return rc;
	} else if (strcmp(tag, "ExternalRef") == 0) {
		char cat[64], type[128];
		const char *p = v, *q;
		size_t n;

		q = strchr(p, ' ');
		if (q == NULL || (n = (size_t)(q - p)) >= sizeof(cat))
			goto badref;
		memcpy(cat, p, n);
		cat[n] = '\0';
		for (p = q; *p == ' '; p++)
			;
		q = strchr(p, ' ');
		if (q == NULL || (n = (size_t)(q - p)) >= sizeof(type))
			goto badref;
		memcpy(type, p, n);
		type[n] = '\0';
		for (p = q; *p == ' '; p++)
			;
		if (*p == '\0')
			goto badref;
		if (vigil__spdx_extref(r, cat, type, p) < 0)
			return VIGIL_ENOMEM;
		return 0;
badref:
		DIAG(t, D_DEVIATION, "ExternalRef is not 'CATEGORY TYPE LOCATOR'");
	} else if (strcmp(tag, "PrimaryPackagePurpose") == 0) {
		static const char *const m[][2] = {
			{ "APPLICATION", "application" },
			{ "FRAMEWORK", "framework" },
			{ "CONTAINER", "container" },
			{ "OPERATING-SYSTEM", "operating-system" },
			{ "DEVICE", "device" }, { "FIRMWARE", "firmware" },
			{ "FILE", "file" }, { "INSTALL", "application" },
			{ "ARCHIVE", "file" } };
		size_t i;

		for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
			if (strcmp(v, m[i][0]) == 0)
				b->c.type = m[i][1];
	} else if (strcmp(tag, "AnnotationComment") == 0) {
		vigil__spdx_annotation(r, v);
	}
	return 0;
}

static int
doc_tag(struct tv *t, const char *tag, const char *v)
{
	vigil_sbom *doc = t->sp.r->doc;
	const char *s;

	if (strcmp(tag, "SPDXVersion") == 0) {
		t->have[T_VERSION] = true;
		t->sp.saw_version = true;
		if (strcmp(v, "SPDX-2.2") == 0)
			t->sp.minor = 2;
		else if (strcmp(v, "SPDX-2.3") == 0)
			t->sp.minor = 3;
		else if (strncmp(v, "SPDX-2.", 7) == 0)
			DIAG(t, D_DEVIATION, "'%s' is not SPDX 2.2 or 2.3; read "
			    "as 2.3", v);
		else
			return vigil__error_at(t->sp.r->err, VIGIL_EUNSUPPORTED,
			    t->lineno, t->col, "SPDXVersion '%s' is not "
			    "supported", v);
		doc->meta.spec_version = vigil__sbom_interns(doc, v);
	} else if (strcmp(tag, "DataLicense") == 0) {
		t->have[T_DATALIC] = true;
		if (strcmp(v, "CC0-1.0") != 0)
			DIAG(t, D_DEVIATION, "DataLicense must be CC0-1.0");
		doc->meta.data_license = vigil__sbom_interns(doc, v);
	} else if (strcmp(tag, "SPDXID") == 0) {
		t->have[T_ID] = true;
		if (strcmp(v, "SPDXRef-DOCUMENT") != 0)
			DIAG(t, D_DEVIATION, "the document's SPDXID must be "
			    "SPDXRef-DOCUMENT");
	} else if (strcmp(tag, "DocumentName") == 0) {
		t->have[T_NAME] = true;
		doc->meta.name = vigil__sbom_interns(doc, v);
	} else if (strcmp(tag, "DocumentNamespace") == 0) {
		t->have[T_NS] = true;
		doc->meta.serial = vigil__sbom_interns(doc, v);
	} else if (strcmp(tag, "Creator") == 0) {
		bool tool = strncmp(v, "Tool:", 5) == 0;

		t->have[T_CREATOR] = true;
		s = v + (tool ? 5 : strncmp(v, "Person:", 7) == 0 ? 7 :
		    strncmp(v, "Organization:", 13) == 0 ? 13 : 0);
		while (*s == ' ')
			s++;
		if ((s = vigil__sbom_interns(doc, s)) == NULL)
			return VIGIL_ENOMEM;
		if (tool && t->ntools < VGX_ARRAY_SIZE(t->tools))
			t->tools[t->ntools++] = s;
		else if (!tool && t->ncreators < VGX_ARRAY_SIZE(t->creators))
			t->creators[t->ncreators++] = s;
	} else if (strcmp(tag, "Created") == 0) {
		t->have[T_CREATED] = true;
		if (!vigil__sbom_is_datetime(v, true))
			DIAG(t, D_DEVIATION, "Created '%s' is not a date-time", v);
		doc->meta.timestamp = vigil__sbom_interns(doc, v);
	}
	return 0;
}

static int
one_line(struct tv *t, char *l)
{
	struct reader *r = t->sp.r;
	char *colon, *v, *e, *start = l;
	const char *tag;
	int rc;

	while (*l == ' ' || *l == '\t')
		l++;
	if (*l == '\0' || *l == '#')
		return 0;
	t->col = (unsigned long)(l - start) + 1;	/* the tag */
	if ((colon = strchr(l, ':')) == NULL) {
		DIAG(t, D_DEVIATION, "line is not 'Tag: value'");
		return 0;
	}
	*colon = '\0';
	tag = l;
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	if (strncmp(v, "<text>", 6) == 0) {
		v += 6;
		e = v + strlen(v);
		if (e - v >= 7 && strcmp(e - 7, "</text>") == 0)
			e[-7] = '\0';
	}
	if (strcmp(tag, "PackageName") == 0) {
		unsigned long tagcol = t->col;

		if ((rc = end_section(t)) < 0)
			return rc;
		t->sec = S_PKG;
		t->pkg_has_dl = false;
		t->pkg_line = t->lineno;
		t->pkg_col = tagcol;
		vigil__cb_reset(&r->b);
		r->b.c.type = "library";
		r->b.c.name = vigil__cb_str(r, v, strlen(v));
		return 0;
	}
	if (strcmp(tag, "FileName") == 0 || strcmp(tag, "SnippetSPDXID") == 0
	    || strcmp(tag, "LicenseID") == 0) {
		if ((rc = end_section(t)) < 0)
			return rc;
		t->sec = tag[0] == 'F' ? S_FILE : tag[0] == 'S' ? S_SNIPPET :
		    S_LICENSE;
		if (t->sec == S_FILE)
			r->doc->nfiles++;
		return 0;
	}
	t->col = (unsigned long)(v - start) + 1;	/* the value */
	if (strcmp(tag, "Relationship") == 0) {
		char *a = v, *ty, *b;

		ty = strchr(a, ' ');
		if (ty != NULL) {
			*ty++ = '\0';
			while (*ty == ' ')
				ty++;
		}
		b = ty != NULL ? strchr(ty, ' ') : NULL;
		if (b != NULL) {
			*b++ = '\0';
			while (*b == ' ')
				b++;
		}
		if (b == NULL || *b == '\0') {
			DIAG(t, D_DEVIATION, "Relationship is not 'A TYPE B'");
			return 0;
		}
		snprintf(t->where, sizeof(t->where), "line %lu", t->lineno);
		t->sp.col = t->col;
		return vigil__spdx_relationship(&t->sp, a, ty, b, t->lineno,
		    NULL);
	}
	switch (t->sec) {
	case S_DOC:
		return doc_tag(t, tag, v);
	case S_PKG:
		return pkg_tag(t, tag, v);
	case S_FILE:
		if (strcmp(tag, "SPDXID") == 0) {
			const char *ref = vigil__sbom_interns(r->doc, v);

			if (ref == NULL)
				return VIGIL_ENOMEM;
			rc = vigil__sbom_ref_put(r->doc, ref, SBOM_FILE_INDEX);
			if (rc == VIGIL_EEXISTS)
				DIAG(t, D_DEVIATION, "duplicate SPDXID '%s'", v);
			else if (rc < 0)
				return rc;
		}
		return 0;
	default:
		return 0;
	}
}

/* The line and column (1-based, bytes) of byte OFF of the logical line. */
static void
byte_pos(const struct tv *t, size_t off, unsigned long *line,
    unsigned long *col)
{
	size_t i, start = 0;

	*line = t->lineno;
	for (i = 0; i < off; i++) {
		if (t->line.ptr[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	}
	*col = (unsigned long)(off - start) + 1;
}

int
vigil__read_spdx_tv(struct reader *r, struct input *in)
{
	struct tv t;
	const char *nul;
	int rc = 0, got;
	size_t i;
	static const char *const names[] = { "SPDXVersion", "DataLicense",
	    "SPDXID", "DocumentName", "DocumentNamespace", "Creator",
	    "Created" };

	memset(&t, 0, sizeof(t));
	t.sp.r = r;
	t.in = in;
	t.next = 1;
	vgx_buf_init(&t.line, r->opts->max_string);
	if ((t.chunk = vgx_malloc(65536)) == NULL)
		return vigil__error_oom(r->err);
	for (;;) {
		vgx_buf_reset(&t.line);
		t.lineno = t.next;
		if ((got = phys_line(&t, &t.line, r->err)) < 0) {
			rc = got;
			break;
		}
		if (got == 0)
			break;
		t.next++;
		if ((nul = memchr(t.line.ptr != NULL ? t.line.ptr : "", '\0',
		    t.line.len)) != NULL) {
			if ((rc = vigil__sbom_diag(r, D_ERROR, t.lineno,
			    (unsigned long)(nul - t.line.ptr) + 1, "",
			    "line contains a NUL character")) < 0)
				break;
			continue;
		}
		/* A <text> value runs to its </text>. */
		if (t.line.ptr != NULL && strstr(t.line.ptr, "<text>") != NULL &&
		    strstr(strstr(t.line.ptr, "<text>"), "</text>") == NULL) {
			for (;;) {
				if (vgx_buf_addc(&t.line, '\n') < 0) {
					rc = vigil__error_at(r->err,
					    VIGIL_ETOOBIG, t.lineno, 0,
					    "text value longer than the limit");
					goto done;
				}
				if ((got = phys_line(&t, &t.line, r->err)) < 0) {
					rc = got;
					goto done;
				}
				if (got == 0) {
					rc = vigil__sbom_diag(r, D_ERROR,
					    t.lineno, (unsigned long)(strstr(
					    t.line.ptr, "<text>") - t.line.ptr)
					    + 1, "", "<text> is not closed "
					    "before the end");
					goto done;
				}
				t.next++;
				if (strstr(t.line.ptr, "</text>") != NULL)
					break;
			}
		}
		if (t.line.len > 0 && vgx_utf8_check(t.line.ptr, t.line.len,
		    &i) < 0) {
			unsigned long bl, bc;

			/* The bad byte may be on a later line of a <text>. */
			byte_pos(&t, i, &bl, &bc);
			if ((rc = vigil__sbom_diag(r, D_ERROR, bl, bc, "",
			    "invalid UTF-8")) < 0)
				break;
			continue;
		}
		if (t.line.len > 0 && (rc = one_line(&t, t.line.ptr)) < 0)
			break;
		if (r->stop)
			break;
	}
	if (rc == 0)
		rc = end_section(&t);
	if (rc == 0) {
		vigil_sbom_meta mm = r->doc->meta;

		t.lineno = 0;
		t.col = 0;
		for (i = 0; i < VGX_ARRAY_SIZE(names); i++)
			if (!t.have[i] && (rc = vigil__sbom_diag(r, i == 0 ?
			    D_ERROR : D_DEVIATION, 0, 0, "", "no %s", names[i]))
			    < 0)
				goto done;
		mm.authors = t.creators;
		mm.nauthors = t.ncreators;
		mm.tools = t.tools;
		mm.ntools = t.ntools;
		rc = vigil_sbom_set_meta(r->doc, &mm, r->err);
		vigil__spdx_finish(&t.sp);
	}
done:
	vgx_buf_dispose(&t.line);
	vgx_free(t.chunk);
	vigil__spdx_dispose(&t.sp);
	return rc;
}
