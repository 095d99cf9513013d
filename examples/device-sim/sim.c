/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil-device-sim: a host program that plays a connected infusion pump
 * built on the device security kit, for end-to-end tests and demos.  It
 * listens on a Unix socket (link.h framing), takes signed commands from
 * a controller (`vigil device send`), holds safety-critical ones until
 * they are confirmed, installs authenticated updates (manifest, image,
 * SBOM), keeps a tamper-evident audit log, serves its SBOM and manifest,
 * and offers break-glass access through "local" frames that stand for a
 * key switch on the device.
 *
 *     vigil-device-sim --socket PATH --state DIR --model MODEL
 *         --manufacturer-key MFR.pub --controller-key CTL.pub
 *         [--fresh-window S] [--confirm-window S] [--breakglass-max S]
 *         [--checkpoint-every N]
 *
 * State in DIR survives restarts: device.seed (the device's Ed25519
 * seed, mode 0600), device.pub (its public key, minisign format, for
 * `vigil device audit verify`), device.id, counter (the controller's last
 * accepted counter), secver (installed security version), audit.log, and
 * after an update manifest, image and sbom.  Like a firmware it uses only
 * static buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "crypto_port.h"
#include "vigil/device/access.h"
#include "vigil/device/audit.h"
#include "vigil/device/command.h"
#include "vigil/device/link.h"
#include "vigil/device/manifest.h"
#include "vigil/vigil.h"

#define FILE_MAX ((size_t)1 << 20)
#define OP_SET_RATE 0x0100
#define OP_START_INFUSION 0x0101

static const vigil_dev_opdef ops[] = {
	{VIGIL_DEV_OP_STATUS, 0},
	{VIGIL_DEV_OP_GET_SBOM, 0},
	{VIGIL_DEV_OP_GET_MANIFEST, 0},
	{VIGIL_DEV_OP_GET_LOG, 0},
	{VIGIL_DEV_OP_UPDATE_BEGIN, 0},
	{VIGIL_DEV_OP_UPDATE_IMAGE, 0},
	{VIGIL_DEV_OP_UPDATE_SBOM, 0},
	{VIGIL_DEV_OP_UPDATE_FINISH, 0},
	{VIGIL_DEV_OP_SHUTDOWN, 0},
	{OP_SET_RATE, VIGIL_DEV_OP_CRITICAL},
	{OP_START_INFUSION, VIGIL_DEV_OP_CRITICAL},
};

static const char *state_dir;
static const char *model;
static vigil_dev_pubkey mfr;
static vigil_dev_controller ctl[1];
static uint8_t device_id[VIGIL_DEV_ID_BYTES];
static vigil_dev_audit audit;
static vigil_dev_cmd_ctx cmds;
static vigil_dev_breakglass bg;
static vigil_dev_update upd;
static vigil_dev_manifest staged;	/* accepted by UPDATE_BEGIN */
static uint8_t staged_raw[VIGIL_DEV_MANIFEST_MAX];
static size_t staged_raw_len;
static int staging;
static uint8_t staged_image[FILE_MAX], staged_sbom[FILE_MAX];
static size_t staged_image_len, staged_sbom_len;
static uint64_t secver;
static char rate[64] = "0";
static int infusing;
static int log_fd = -1;
static volatile sig_atomic_t stop;

/* Request and reply bodies. */
static uint8_t req[VIGIL_DEV_LINK_MAX];
static uint8_t rep[VIGIL_DEV_LINK_MAX];
static uint8_t filebuf[FILE_MAX + 1];

/* Print "vigil-device-sim: " and the message, exit 4. */
#define die(...) do {							\
	fprintf(stderr, "vigil-device-sim: " __VA_ARGS__);		\
	fputc('\n', stderr);						\
	exit(4);							\
} while (0)

static const char *
path(const char *name)
{
	static char buf[2][4096];
	static int i;
	int n;

	i = !i;
	n = snprintf(buf[i], sizeof(buf[i]), "%s/%s", state_dir, name);
	if (n < 0 || (size_t)n >= sizeof(buf[i]))
		die("%s: path too long", name);
	return buf[i];
}

/* Read state file NAME into filebuf; returns its length or -1. */
static long
read_state(const char *name)
{
	FILE *fp = fopen(path(name), "rb");
	size_t n;

	if (fp == NULL)
		return -1;
	n = fread(filebuf, 1, FILE_MAX + 1, fp);
	fclose(fp);
	if (n > FILE_MAX)
		die("%s: too big", name);
	filebuf[n] = 0;
	return (long)n;
}

static void
write_state(const char *name, const void *data, size_t len, mode_t mode)
{
	char tmp[4200];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path(name));
	fp = fopen(tmp, "wb");
	if (fp == NULL || (len > 0 && fwrite(data, 1, len, fp) != len) ||
	    fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0 ||
	    chmod(tmp, mode) != 0 || rename(tmp, path(name)) != 0)
		die("%s: cannot write", name);
}

static uint64_t
read_number(const char *name)
{
	const char *s = (const char *)filebuf;
	uint64_t v = 0;
	long n = read_state(name);

	if (n <= 0)
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (uint64_t)(*s - '0');
	return v;
}

static void
write_number(const char *name, uint64_t v)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%llu\n", (unsigned long long)v);

	write_state(name, b, (size_t)n, 0644);
}

static int
log_append(void *payload, const uint8_t *rec, size_t len)
{
	(void)payload;
	if (write(log_fd, rec, len) != (ssize_t)len || fsync(log_fd) != 0)
		return -1;
	return 0;
}

static void
random_bytes(uint8_t *out, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, out, n) != (ssize_t)n)
		die("%s: cannot read", "/dev/urandom");
	close(fd);
}

static void
load_pub(vigil_pubkey *out, const char *file)
{
	vigil_error err;

	if (vigil_trust_pubkey_load(out, file, &err) < 0)
		die("%s", err.msg);
}

/* Device identity and log; creates them on the first start. */
static void
provision(unsigned every)
{
	uint8_t seed[32], pk[32], sk[64], digest[32];
	struct vigil_port_sha256 st;
	vigil_pubkey vpk;
	vigil_error err;
	long n;

	if ((n = read_state("device.seed")) == 32) {
		memcpy(seed, filebuf, 32);
	} else {
		random_bytes(seed, 32);
		write_state("device.seed", seed, 32, 0600);
	}
	if (vigil_port_ed25519_seed_keypair(pk, sk, seed) != 0)
		die("%s", "cannot derive the device key");
	vigil_port_wipe(seed, sizeof(seed));
	/* Key id: the first 8 bytes of SHA-256(public key). */
	vigil_port_sha256_init(&st);
	vigil_port_sha256_update(&st, pk, 32);
	vigil_port_sha256_final(&st, digest);
	memcpy(vpk.key_id, digest, 8);
	memcpy(vpk.pk, pk, 32);
	if (vigil_trust_pubkey_save(path("device.pub"), &vpk, 1, &err) < 0)
		die("%s", err.msg);
	if ((n = read_state("device.id")) == 8) {
		memcpy(device_id, filebuf, 8);
	} else {
		random_bytes(device_id, 8);
		write_state("device.id", device_id, 8, 0644);
	}
	if (vigil_dev_audit_init(&audit, log_append, NULL, sk, vpk.key_id,
	    every) != VIGIL_DEV_OK)
		die("%s", "bad --checkpoint-every");
	vigil_port_wipe(sk, sizeof(sk));
	if ((n = read_state("audit.log")) > 0 &&
	    vigil_dev_audit_resume(&audit, filebuf, (size_t)n) !=
	    VIGIL_DEV_OK)
		die("%s: the chain is broken; not appending to it",
		    path("audit.log"));
	log_fd = open(path("audit.log"), O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (log_fd < 0)
		die("%s: cannot open", path("audit.log"));
	secver = read_number("secver");
	ctl[0].last_counter = read_number("counter");
}

static uint64_t
now(void)
{
	return (uint64_t)time(NULL);
}

static void
log_event(unsigned event, const void *data, size_t len)
{
	if (vigil_dev_audit_append(&audit, now(), event, data, len) !=
	    VIGIL_DEV_OK)
		fprintf(stderr, "vigil-device-sim: audit log write failed\n");
}

static void
log_update(unsigned event, int status, const vigil_dev_manifest *m)
{
	uint8_t d[1 + 8 + VIGIL_DEV_VERSION_MAX];
	size_t n = 0, vl;

	if (status != 0) {
		d[n++] = (uint8_t)(signed char)status;
	} else {
		vl = strlen(m->version);
		for (int i = 7; i >= 0; i--)
			d[n + (size_t)(7 - i)] =
			    (uint8_t)(m->security_version >> (8 * i));
		n += 8;
		memcpy(d + n, m->version, vl);
		n += vl;
	}
	log_event(event, d, n);
}

/* Reply body helpers: set *RLEN and return the status. */
static int
reply_text(size_t *rlen, const char *s)
{
	size_t n = strlen(s);

	memcpy(rep, s, n);
	*rlen = n;
	return VIGIL_DEV_OK;
}

static int
reply_file(size_t *rlen, const char *name)
{
	long n = read_state(name);

	if (n < 0)
		return VIGIL_DEV_ESTATE;
	memcpy(rep, filebuf, (size_t)n);
	*rlen = (size_t)n;
	return VIGIL_DEV_OK;
}

static int
installed_manifest(vigil_dev_manifest *m)
{
	long n = read_state("manifest");

	if (n <= 0 || vigil_dev_manifest_parse(m, filebuf, (size_t)n) !=
	    VIGIL_DEV_OK)
		return VIGIL_DEV_ESTATE;
	return VIGIL_DEV_OK;
}

static int
update_begin(size_t *rlen, const vigil_dev_cmd *c)
{
	int rc;

	(void)rlen;
	vigil_dev_update_abort(&upd);
	staging = 0;
	rc = vigil_dev_manifest_check(&staged, c->payload, c->payload_len,
	    &mfr, 1, model, secver);
	if (rc != VIGIL_DEV_OK) {
		log_update(VIGIL_DEV_EV_UPDATE_REFUSED, rc, NULL);
		return rc;
	}
	if ((rc = vigil_dev_update_begin(&upd, &staged)) != VIGIL_DEV_OK)
		return rc;
	memcpy(staged_raw, c->payload, c->payload_len);
	staged_raw_len = c->payload_len;
	staged_image_len = staged_sbom_len = 0;
	staging = 1;
	log_update(VIGIL_DEV_EV_UPDATE_ACCEPTED, 0, &staged);
	return VIGIL_DEV_OK;
}

static int
update_finish(void)
{
	int rc;

	if (!staging)
		return VIGIL_DEV_ESTATE;
	staging = 0;
	rc = vigil_dev_update_finish(&upd);
	if (rc == VIGIL_DEV_OK && (staged.flags &
	    VIGIL_DEV_MANIFEST_HAS_SBOM))
		rc = vigil_dev_manifest_sbom_check(&staged, staged_sbom,
		    staged_sbom_len);
	if (rc == VIGIL_DEV_OK && !(staged.flags &
	    VIGIL_DEV_MANIFEST_HAS_SBOM) && staged_sbom_len > 0)
		rc = VIGIL_DEV_EDIGEST;
	if (rc != VIGIL_DEV_OK) {
		log_update(VIGIL_DEV_EV_UPDATE_REFUSED, rc, NULL);
		return rc;
	}
	/* "Switch slots": the image, its manifest and SBOM become current. */
	write_state("image", staged_image, staged_image_len, 0644);
	write_state("sbom", staged_sbom, staged_sbom_len, 0644);
	write_state("manifest", staged_raw, staged_raw_len, 0644);
	secver = staged.security_version;
	write_number("secver", secver);
	log_update(VIGIL_DEV_EV_UPDATE_INSTALLED, 0, &staged);
	return VIGIL_DEV_OK;
}

static int
append_staged(uint8_t *buf, size_t *len, const vigil_dev_cmd *c)
{
	if (c->payload_len > FILE_MAX - *len)
		return VIGIL_DEV_ESPACE;
	memcpy(buf + *len, c->payload, c->payload_len);
	*len += c->payload_len;
	return VIGIL_DEV_OK;
}

static int
run(size_t *rlen, const vigil_dev_cmd *c)
{
	vigil_dev_manifest m;
	char text[512];
	uint8_t what;
	long n;
	int rc;

	switch (c->opcode) {
	case VIGIL_DEV_OP_STATUS:
		snprintf(text, sizeof(text), "model: %s\nsecurity-version: "
		    "%llu\nrate: %s\ninfusing: %s\nemergency-access: %llu s\n"
		    "audit-records: %llu\n", model,
		    (unsigned long long)secver, rate, infusing ? "yes" : "no",
		    (unsigned long long)vigil_dev_breakglass_remaining(&bg,
		    now()), (unsigned long long)audit.seq);
		return reply_text(rlen, text);
	case VIGIL_DEV_OP_GET_SBOM:
		/* Serve only the SBOM the installed manifest signs. */
		if ((rc = installed_manifest(&m)) != VIGIL_DEV_OK)
			return rc;
		if ((n = read_state("sbom")) < 0)
			return VIGIL_DEV_ESTATE;
		memcpy(rep, filebuf, (size_t)n);
		if ((rc = vigil_dev_manifest_sbom_check(&m, rep,
		    (size_t)n)) != VIGIL_DEV_OK)
			return rc;
		*rlen = (size_t)n;
		what = 1;
		log_event(VIGIL_DEV_EV_INFO_SERVED, &what, 1);
		return VIGIL_DEV_OK;
	case VIGIL_DEV_OP_GET_MANIFEST:
		what = 2;
		log_event(VIGIL_DEV_EV_INFO_SERVED, &what, 1);
		return reply_file(rlen, "manifest");
	case VIGIL_DEV_OP_GET_LOG:
		if (vigil_dev_audit_checkpoint(&audit, now()) != VIGIL_DEV_OK)
			return VIGIL_DEV_ESTORAGE;
		return reply_file(rlen, "audit.log");
	case VIGIL_DEV_OP_UPDATE_BEGIN:
		return update_begin(rlen, c);
	case VIGIL_DEV_OP_UPDATE_IMAGE:
		if (!staging)
			return VIGIL_DEV_ESTATE;
		if ((rc = vigil_dev_update_write(&upd, c->payload,
		    c->payload_len)) != VIGIL_DEV_OK) {
			staging = 0;
			log_update(VIGIL_DEV_EV_UPDATE_REFUSED, rc, NULL);
			return rc;
		}
		return append_staged(staged_image, &staged_image_len, c);
	case VIGIL_DEV_OP_UPDATE_SBOM:
		if (!staging)
			return VIGIL_DEV_ESTATE;
		return append_staged(staged_sbom, &staged_sbom_len, c);
	case VIGIL_DEV_OP_UPDATE_FINISH:
		return update_finish();
	case VIGIL_DEV_OP_SHUTDOWN:
		stop = 1;
		return VIGIL_DEV_OK;
	case OP_SET_RATE:
		if (c->payload_len == 0 || c->payload_len >= sizeof(rate))
			return VIGIL_DEV_EFORMAT;
		memcpy(rate, c->payload, c->payload_len);
		rate[c->payload_len] = '\0';
		snprintf(text, sizeof(text), "rate set to %s\n", rate);
		return reply_text(rlen, text);
	case OP_START_INFUSION:
		infusing = 1;
		return reply_text(rlen, "infusion started\n");
	}
	return VIGIL_DEV_EOPCODE;
}

static int
handle_cmd(size_t *rlen, const uint8_t *buf, size_t len)
{
	vigil_dev_cmd c;
	uint64_t before = ctl[0].last_counter;
	int rc;

	rc = vigil_dev_cmd_receive(&cmds, &c, buf, len, now());
	if (ctl[0].last_counter != before)
		write_number("counter", ctl[0].last_counter);
	if (rc == VIGIL_DEV_PENDING) {
		rep[0] = (uint8_t)(c.opcode >> 8);
		rep[1] = (uint8_t)c.opcode;
		for (int i = 0; i < 8; i++)
			rep[2 + i] = (uint8_t)(c.counter >> (56 - 8 * i));
		memcpy(rep + 10, c.digest, 32);
		for (int i = 0; i < 4; i++)
			rep[42 + i] = (uint8_t)(cmds.confirm_window >>
			    (24 - 8 * i));
		*rlen = 46;
		return rc;
	}
	if (rc != VIGIL_DEV_OK)
		return rc;
	return run(rlen, &c);
}

static int
handle_local(size_t *rlen, const uint8_t *buf, size_t len)
{
	vigil_dev_cmd c;
	uint32_t secs;
	int rc;

	if (len < 1)
		return VIGIL_DEV_EFORMAT;
	switch (buf[0]) {
	case VIGIL_DEV_LOCAL_BREAKGLASS:
		if (len != 7)
			return VIGIL_DEV_EFORMAT;
		secs = (uint32_t)buf[1] << 24 | (uint32_t)buf[2] << 16 |
		    (uint32_t)buf[3] << 8 | buf[4];
		return vigil_dev_breakglass_open(&bg, now(), secs,
		    (unsigned)buf[5] << 8 | buf[6]);
	case VIGIL_DEV_LOCAL_CONFIRM:
		if ((rc = vigil_dev_cmd_confirm_local(&cmds, &c, now())) !=
		    VIGIL_DEV_OK)
			return rc;
		return run(rlen, &c);
	case VIGIL_DEV_LOCAL_CLOSE:
		return vigil_dev_breakglass_close(&bg, now());
	case VIGIL_DEV_LOCAL_USE:
		if ((rc = vigil_dev_breakglass_check(&bg, now(),
		    OP_START_INFUSION)) != VIGIL_DEV_OK)
			return rc;
		infusing = 1;
		return reply_text(rlen, "infusion started (emergency access)\n");
	}
	return VIGIL_DEV_EFORMAT;
}

static int
read_full(int fd, uint8_t *buf, size_t len)
{
	ssize_t r;

	while (len > 0) {
		if ((r = read(fd, buf, len)) <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return -1;
		}
		buf += r;
		len -= (size_t)r;
	}
	return 0;
}

static int
write_full(int fd, const uint8_t *buf, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, buf, len)) <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static void
serve(int fd)
{
	uint8_t hdr[VIGIL_DEV_LINK_HEADER];
	unsigned type;
	uint32_t len;
	size_t rlen;
	int rc;

	while (!stop && read_full(fd, hdr, sizeof(hdr)) == 0) {
		if (vigil_dev_link_parse_header(&type, &len, hdr) != 0 ||
		    read_full(fd, req, len) != 0)
			return;
		rlen = 0;
		switch (type) {
		case VIGIL_DEV_LINK_CMD:
			rc = handle_cmd(&rlen, req, len);
			break;
		case VIGIL_DEV_LINK_HELLO:
			memcpy(rep, device_id, 8);
			memcpy(rep + 8, model, strlen(model));
			rlen = 8 + strlen(model);
			rc = VIGIL_DEV_OK;
			break;
		case VIGIL_DEV_LINK_LOCAL:
			rc = handle_local(&rlen, req, len);
			break;
		default:
			rc = VIGIL_DEV_EFORMAT;
		}
		/*
		 * Drop a held command whose time is up (a firmware does this
		 * from its main loop's timer; here only after a command, so
		 * that a late confirmation meets ELATE, deterministically).
		 */
		if (type == VIGIL_DEV_LINK_CMD)
			(void)vigil_dev_cmd_tick(&cmds, now());
		if (rc != VIGIL_DEV_OK && rc != VIGIL_DEV_PENDING)
			rlen = 0;
		vigil_dev_link_header(hdr, (unsigned)(uint8_t)(signed char)rc,
		    (uint32_t)rlen);
		if (write_full(fd, hdr, sizeof(hdr)) != 0 ||
		    write_full(fd, rep, rlen) != 0)
			return;
	}
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint32_t
num_arg(const char *opt, const char *val)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 86400)
		die("bad %s", opt);
	return (uint32_t)v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: vigil-device-sim --socket PATH --state DIR "
	    "--model MODEL\n"
	    "           --manufacturer-key MFR.pub --controller-key CTL.pub\n"
	    "           [--fresh-window S] [--confirm-window S] "
	    "[--breakglass-max S]\n"
	    "           [--checkpoint-every N]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *mfr_file = NULL, *ctl_file = NULL;
	uint32_t fresh = 30, confirm = 20, bgmax = 600, every = 16;
	struct sockaddr_un sa;
	struct sigaction act;
	vigil_pubkey pk;
	uint8_t boot[] = "sim 1.0";
	int i, lfd, cfd;

	for (i = 1; i + 1 < argc; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];

		if (strcmp(o, "--socket") == 0)
			sock = v;
		else if (strcmp(o, "--state") == 0)
			state_dir = v;
		else if (strcmp(o, "--model") == 0)
			model = v;
		else if (strcmp(o, "--manufacturer-key") == 0)
			mfr_file = v;
		else if (strcmp(o, "--controller-key") == 0)
			ctl_file = v;
		else if (strcmp(o, "--fresh-window") == 0)
			fresh = num_arg(o, v);
		else if (strcmp(o, "--confirm-window") == 0)
			confirm = num_arg(o, v);
		else if (strcmp(o, "--breakglass-max") == 0)
			bgmax = num_arg(o, v);
		else if (strcmp(o, "--checkpoint-every") == 0)
			every = num_arg(o, v);
		else
			usage();
	}
	if (i != argc || sock == NULL || state_dir == NULL || model == NULL ||
	    mfr_file == NULL || ctl_file == NULL ||
	    strlen(model) > VIGIL_DEV_MODEL_MAX)
		usage();
	if (vigil_port_init() != 0)
		die("%s", "crypto port failed");
	load_pub(&pk, mfr_file);
	memcpy(mfr.key_id, pk.key_id, 8);
	memcpy(mfr.pk, pk.pk, 32);
	load_pub(&pk, ctl_file);
	memcpy(ctl[0].key_id, pk.key_id, 8);
	memcpy(ctl[0].pk, pk.pk, 32);
	provision(every);
	if (vigil_dev_cmd_init(&cmds, device_id, ctl, 1, ops,
	    sizeof(ops) / sizeof(ops[0]), fresh, confirm, &audit) != 0 ||
	    vigil_dev_breakglass_init(&bg, &audit, bgmax) != 0)
		die("%s", "bad settings");
	log_event(VIGIL_DEV_EV_BOOT, boot, sizeof(boot) - 1);

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sa.sun_path))
		die("%s: socket path too long", sock);
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	(void)unlink(sock);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(lfd, 4) != 0)
		die("%s: cannot listen", sock);
	while (!stop) {
		if ((cfd = accept(lfd, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		serve(cfd);
		close(cfd);
	}
	(void)vigil_dev_audit_checkpoint(&audit, now());
	close(lfd);
	(void)unlink(sock);
	close(log_fd);
	vigil_dev_audit_dispose(&audit);
	vigil_dev_cmd_dispose(&cmds);
	return 0;
}
