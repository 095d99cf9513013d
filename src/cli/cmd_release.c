/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil release: the manufacturer's side of authenticated device updates
 * (docs/device-kit.md).  `sign` writes a release manifest ("VDM1": model,
 * version, security version, image and SBOM SHA-256, Ed25519 signature by
 * a minisign key); `verify` runs the same checks a device runs, with the
 * device kit's own code, and says which one failed.
 *
 *     vigil release sign --key K.key --model M --version V
 *         --security-version N --image IMG [--sbom SBOM] -o MANIFEST
 *     vigil release verify MANIFEST --key K.pub [--model M]
 *         [--installed N] [--image IMG] [--sbom SBOM]
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devcli.h"
#include "vigil/device/manifest.h"

static const struct cli_opt sign_opts[] = {
	{"key", 'k', "FILE", "the manufacturer's secret key (minisign .key)"},
	{"model", 0, "MODEL", "device model (1-64 printable ASCII)"},
	{"version", 0, "VERSION", "release version (1-32 printable ASCII)"},
	{"security-version", 0, "N",
	    "security version (devices refuse lower ones)"},
	{"image", 0, "FILE", "the firmware image"},
	{"sbom", 0, "FILE", "the release's SBOM (its SHA-256 is signed)"},
	{"output", 'o', "FILE", "write the manifest here"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt verify_opts[] = {
	{"key", 'k', "FILE", "the manufacturer's public key (.pub)"},
	{"model", 0, "MODEL", "require this device model"},
	{"installed", 0, "N",
	    "installed security version (rollback check)"},
	{"image", 0, "FILE", "check the image's size and SHA-256"},
	{"sbom", 0, "FILE", "check the SBOM's SHA-256"},
	{NULL, 0, NULL, NULL}
};

static void
release_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil release sign --key K.key --model M --version V\n"
	    "           --security-version N --image IMG [--sbom SBOM] "
	    "-o MANIFEST\n"
	    "       vigil release verify MANIFEST --key K.pub [--model M] "
	    "[--installed N]\n"
	    "           [--image IMG] [--sbom SBOM]\n"
	    "\n"
	    "Release manifests for authenticated device updates (the device\n"
	    "security kit, docs/device-kit.md): 'sign' writes a manifest that\n"
	    "names the device model, the version, a monotonic security "
	    "version,\nthe image's size and SHA-256 and the SBOM's SHA-256, "
	    "signed with\nEd25519 by a minisign key (vigil key generate).  "
	    "'verify' runs the\ndevice's checks: signature, model, rollback, "
	    "image and SBOM digests.\n"
	    "\n"
	    "Options of sign:\n");
	cli_opt_print(fp, sign_opts);
	fprintf(fp, "\nOptions of verify:\n");
	cli_opt_print(fp, verify_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok, 1 the manifest is refused (the message names "
	    "the\ncheck), 2 usage or invalid input, 4 system error.  See "
	    "vigil-release(1).\n");
}

static int
parse_u64(uint64_t *out, const char *cmd, const char *opt, const char *val)
{
	const char *s = val;

	if (vgx_parse_uint(&s, val + strlen(val), UINT64_MAX, out) != 0 ||
	    *s != '\0')
		return cli_usage_error(cmd, "%s takes a number from 0 to "
		    "18446744073709551615, not '%s'", opt, val);
	return 0;
}

/* Whether S is 1..MAX bytes of printable ASCII, as the manifest wants. */
static int
printable(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

static int
digest(uint8_t out[32], uint64_t *size, const char *path)
{
	vigil_trust_digests d;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_trust_digest_file(&d, path, &err)) < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	memcpy(out, d.sha256, 32);
	if (size != NULL)
		*size = d.size;
	return CLI_EXIT_OK;
}

static int
release_sign(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *key = NULL, *model = NULL, *version = NULL;
	const char *image = NULL, *sbom = NULL, *out = NULL;
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX];
	vigil_dev_manifest m, chk;
	vigil_dev_pubkey dk;
	vigil_seckey *sk = NULL;
	vigil_pubkey pk;
	int k, have_sv = 0, rc = CLI_EXIT_USAGE, drc;
	size_t n;

	memset(&m, 0, sizeof(m));
	if (cli_parser_init(&p, "vigil release sign", argc, argv, 1,
	    sign_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			release_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			key = val;
			break;
		case 1:
			model = val;
			break;
		case 2:
			version = val;
			break;
		case 3:
			if (parse_u64(&m.security_version, p.cmd,
			    "--security-version", val) != 0)
				goto done;
			have_sv = 1;
			break;
		case 4:
			image = val;
			break;
		case 5:
			sbom = val;
			break;
		case 6:
			out = val;
			break;
		}
	}
	if (p.npos > 0) {
		cli_usage_error(p.cmd, "unexpected argument '%s'", p.pos[0]);
		goto done;
	}
	if (key == NULL || model == NULL || version == NULL || !have_sv ||
	    image == NULL || out == NULL) {
		cli_usage_error(p.cmd, "--key, --model, --version, "
		    "--security-version, --image and -o are required");
		goto done;
	}
	if (!printable(model, VIGIL_DEV_MODEL_MAX) ||
	    !printable(version, VIGIL_DEV_VERSION_MAX)) {
		cli_usage_error(p.cmd, "--model (1-%d bytes) and --version "
		    "(1-%d bytes) must be printable ASCII", VIGIL_DEV_MODEL_MAX,
		    VIGIL_DEV_VERSION_MAX);
		goto done;
	}
	memcpy(m.model, model, strlen(model) + 1);
	memcpy(m.version, version, strlen(version) + 1);
	if ((rc = digest(m.image_sha256, &m.image_size, image)) != 0)
		goto done;
	if (sbom != NULL) {
		if ((rc = digest(m.sbom_sha256, NULL, sbom)) != 0)
			goto done;
		m.flags |= VIGIL_DEV_MANIFEST_HAS_SBOM;
	}
	if ((rc = cli_dev_seckey(&sk, key)) != 0)
		goto done;
	vigil_trust_seckey_pubkey(&pk, sk);
	memcpy(m.key_id, pk.key_id, sizeof(m.key_id));
	if (vigil_dev_manifest_encode_body(buf, sizeof(buf), &n, &m) != 0) {
		cli_errorf("cannot encode the manifest");
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	if ((rc = cli_dev_sign(buf + n, sk, buf, n)) != 0)
		goto done;
	n += VIGIL_DEV_SIG_BYTES;
	/* Check it as a device would before handing it out. */
	memcpy(dk.key_id, pk.key_id, sizeof(dk.key_id));
	memcpy(dk.pk, pk.pk, sizeof(dk.pk));
	if ((drc = vigil_dev_manifest_check(&chk, buf, n, &dk, 1, m.model,
	    m.security_version)) != VIGIL_DEV_OK) {
		cli_errorf("the new manifest does not verify: %s",
		    vigil_dev_strerror(drc));
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	rc = cli_dev_write(out, buf, n);
done:
	vigil_trust_seckey_free(sk);
	cli_parser_dispose(&p);
	return rc;
}

static void
print_hex(const char *label, const uint8_t *b, size_t n)
{
	char hex[2 * 64 + 1];

	vigil_trust_hex(hex, b, n);
	printf("%s: %s\n", label, hex);
}

static int
refused(const char *path, int drc)
{
	cli_errorf("%s: refused (%s): %s", path, vigil_dev_status_name(drc),
	    vigil_dev_strerror(drc));
	return CLI_EXIT_FAIL;
}

static int
check_file(const char *path, const char *what, const uint8_t want[32],
    uint64_t want_size, int check_size)
{
	uint8_t got[32];
	uint64_t size;
	int rc;

	if ((rc = digest(got, &size, path)) != 0)
		return rc;
	if (check_size && size != want_size) {
		cli_errorf("%s: refused (ESIZE): %s is %llu bytes, the "
		    "manifest says %llu", path, what,
		    (unsigned long long)size, (unsigned long long)want_size);
		return CLI_EXIT_FAIL;
	}
	if (memcmp(got, want, 32) != 0) {
		cli_errorf("%s: refused (EDIGEST): %s SHA-256 differs from "
		    "the manifest", path, what);
		return CLI_EXIT_FAIL;
	}
	printf("%s: good (%s)\n", what, path);
	return CLI_EXIT_OK;
}

static int
release_verify(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *key = NULL, *model = NULL, *image = NULL;
	const char *sbom = NULL;
	uint64_t installed = 0;
	uint8_t *buf = NULL;
	size_t len;
	vigil_dev_manifest m;
	vigil_dev_pubkey dk;
	vigil_pubkey pk;
	char kid[17];
	int k, rc = CLI_EXIT_USAGE, drc;

	if (cli_parser_init(&p, "vigil release verify", argc, argv, 1,
	    verify_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			release_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			key = val;
			break;
		case 1:
			model = val;
			break;
		case 2:
			if (parse_u64(&installed, p.cmd, "--installed",
			    val) != 0)
				goto done;
			break;
		case 3:
			image = val;
			break;
		case 4:
			sbom = val;
			break;
		}
	}
	if (p.npos != 1) {
		cli_usage_error(p.cmd, "one MANIFEST is required");
		goto done;
	}
	if (key == NULL) {
		cli_usage_error(p.cmd, "--key K.pub is required");
		goto done;
	}
	if ((rc = cli_dev_pubkey(&pk, key)) != 0 ||
	    (rc = cli_dev_read(&buf, &len, p.pos[0], 4096)) != 0)
		goto done;
	memcpy(dk.key_id, pk.key_id, sizeof(dk.key_id));
	memcpy(dk.pk, pk.pk, sizeof(dk.pk));
	if (vigil_dev_manifest_parse(&m, buf, len) != VIGIL_DEV_OK) {
		cli_errorf("%s: not a release manifest (VDM1)", p.pos[0]);
		rc = CLI_EXIT_USAGE;
		goto done;
	}
	drc = vigil_dev_manifest_check(&m, buf, len, &dk, 1,
	    model != NULL ? model : m.model, installed);
	if (drc != VIGIL_DEV_OK) {
		rc = refused(p.pos[0], drc);
		goto done;
	}
	vigil_trust_keyid_hex(kid, m.key_id);
	printf("manifest: %s\nmodel: %s\nversion: %s\n"
	    "security-version: %llu\nimage-size: %llu\n", p.pos[0], m.model,
	    m.version, (unsigned long long)m.security_version,
	    (unsigned long long)m.image_size);
	print_hex("image-sha256", m.image_sha256, 32);
	if (m.flags & VIGIL_DEV_MANIFEST_HAS_SBOM)
		print_hex("sbom-sha256", m.sbom_sha256, 32);
	else
		printf("sbom-sha256: none\n");
	printf("key-id: %s\nsignature: good\n", kid);
	rc = CLI_EXIT_OK;
	if (image != NULL && (rc = check_file(image, "image", m.image_sha256,
	    m.image_size, 1)) != 0)
		goto done;
	if (sbom != NULL) {
		if (!(m.flags & VIGIL_DEV_MANIFEST_HAS_SBOM)) {
			cli_errorf("%s: the manifest names no SBOM", p.pos[0]);
			rc = CLI_EXIT_FAIL;
			goto done;
		}
		if ((rc = check_file(sbom, "sbom", m.sbom_sha256, 0, 0)) != 0)
			goto done;
	}
	rc = cli_finish_stdout();
done:
	vgx_free(buf);
	cli_parser_dispose(&p);
	return rc;
}

static int
release_run(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		release_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : cli_finish_stdout();
	}
	if (strcmp(argv[1], "sign") == 0)
		return release_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return release_verify(argc - 1, argv + 1);
	return cli_usage_error("vigil release", "unknown subcommand '%s'",
	    argv[1]);
}

const struct cli_cmd cli_cmd_release = {
	"release", "sign and verify device release manifests (updates)",
	release_help, release_run
};
