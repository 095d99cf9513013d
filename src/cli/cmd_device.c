/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil device: the controller's side of the device security kit
 * (docs/device-kit.md) and the check of a device's audit log.
 *
 *     vigil device audit verify LOG --key DEVICE.pub
 *     vigil device audit show LOG
 *     vigil device info SOCKET
 *     vigil device send SOCKET COMMAND [ARG...] --key CTL.key [...]
 *     vigil device confirm SOCKET TOKEN --key CTL.key [...]
 *     vigil device local SOCKET breakglass [SECONDS]|use|close|confirm
 *
 * The group dispatches through the table `subs` below: a subcommand is a
 * row (name, usage line, options, run function).  The device inventory
 * (`vigil device add|sbom|import|list|show|remove`) has its rows there and
 * its functions in device_inventory.c (each prints its own --help).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "devcli.h"
#include "device_inventory.h"
#include "vigil/device/audit.h"
#include "vigil/device/command.h"
#include "vigil/device/link.h"
#include "vigil/device/manifest.h"

/* Largest audit log read, bytes. */
#define LOG_MAX ((size_t)64 << 20)
/* Image and SBOM bytes per UPDATE_* message. */
#define CHUNK VIGIL_DEV_CMD_PAYLOAD_MAX

static const struct cli_opt audit_opts[] = {
	{"key", 'k', "FILE", "the device's public key (verify)"},
	{"records", 0, "N",
	    "the device reports N records: fewer is a truncated log"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt none_opts[] = {
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt send_opts[] = {
	{"key", 'k', "FILE", "the controller's secret key (minisign .key)"},
	{"device", 0, "ID", "device id, 16 hex digits (default: ask it)"},
	{"counter", 0, "N", "message counter (default: microseconds now)"},
	{"time", 0, "T", "message time, s since 1970 (default: now)"},
	{"save", 0, "FILE", "also write the signed message to FILE"},
	{"resend", 0, "FILE", "send the saved message FILE as it is"},
	{"output", 'o', "FILE", "write the device's reply here"},
	{NULL, 0, NULL, NULL}
};

struct sub {
	const char *name;
	const char *usage;	/* after "vigil device " */
	const struct cli_opt *opts;
	int (*run)(int argc, char **argv);
};

static int audit_run(int, char **);
static int info_run(int, char **);
static int send_run(int, char **);
static int confirm_run(int, char **);
static int local_run(int, char **);

static const struct sub subs[] = {
	{"audit", "audit verify LOG --key DEVICE.pub [--records N]\n"
	    "       vigil device audit show LOG",
	    audit_opts, audit_run},
	{"info", "info SOCKET", none_opts, info_run},
	{"send", "send SOCKET COMMAND [ARG...] --key CTL.key [--device ID]\n"
	    "           [--counter N] [--time T] [--save FILE] [-o FILE]\n"
	    "       vigil device send SOCKET --resend FILE", send_opts,
	    send_run},
	{"confirm", "confirm SOCKET TOKEN --key CTL.key [--device ID]",
	    send_opts, confirm_run},
	{"local", "local SOCKET breakglass [SECONDS] | use | close | confirm",
	    none_opts, local_run},
	{"add", "add MODEL@VERSION -m MANUFACTURER [...] (see add --help)\n"
	    "       vigil device add --serial SN --site SITE MODEL@VERSION [...]",
	    none_opts, cli_device_add},
	{"sbom", "sbom MODEL@VERSION SBOM", none_opts, cli_device_sbom},
	{"import", "import INVENTORY.csv", none_opts, cli_device_import},
	{"list", "list [--installed] [-f FORMAT]", none_opts, cli_device_list},
	{"show", "show MODEL@VERSION|SERIAL [-f FORMAT]", none_opts,
	    cli_device_show},
	{"remove", "remove MODEL@VERSION|SERIAL", none_opts, cli_device_remove},
};

#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static void
device_help(FILE *fp)
{
	size_t i;

	for (i = 0; i < NSUBS; i++)
		fprintf(fp, "%s vigil device %s\n", i == 0 ? "usage:" :
		    "      ", subs[i].usage);
	fprintf(fp,
	    "\n"
	    "The controller's side of the device security kit\n"
	    "(docs/device-kit.md), and the check of a device's audit log.\n"
	    "'audit verify' checks the hash chain and the signed checkpoints "
	    "and\nnames a removed, altered or reordered record; 'audit show' "
	    "lists\nthe records.  'info', 'send', 'confirm' and 'local' talk "
	    "to a device\non a Unix socket (vigil-device-sim): 'send' signs a "
	    "command with the\ncontroller's key and a fresh counter; a "
	    "safety-critical command is\nheld until 'confirm' sends its "
	    "TOKEN (printed by 'send') in time;\n'local' stands for an action "
	    "on the device itself (break-glass).\n"
	    "\n"
	    "COMMAND: status, sbom, manifest, log, set-rate VALUE, "
	    "start-infusion,\nshutdown, update MANIFEST IMAGE [SBOM], "
	    "opcode N [TEXT].\n"
	    "\nOptions of audit:\n");
	cli_opt_print(fp, audit_opts);
	fprintf(fp, "\nOptions of send and confirm:\n");
	cli_opt_print(fp, send_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok (or a command held for confirmation), 1 the "
	    "log\ndoes not verify or the device refused (the message names "
	    "why), 2\nusage or invalid input, 4 system error.  See "
	    "vigil-device(1).\n");
}

/* ---- audit ---------------------------------------------------------------- */

static const char *
event_name(unsigned ev)
{
	static const char *const names[] = {
		NULL, "boot", "cmd-accepted", "cmd-refused", "cmd-pending",
		"cmd-confirmed", "cmd-unconfirmed", "update-accepted",
		"update-refused", "update-installed", "breakglass-open",
		"breakglass-use", "breakglass-close", "breakglass-expired",
		"info-served"
	};

	if (ev < sizeof(names) / sizeof(names[0]) && names[ev] != NULL)
		return names[ev];
	return ev >= VIGIL_DEV_EV_FIRMWARE ? "firmware" : "unknown";
}

static int
audit_show(const char *file, const uint8_t *log, size_t len)
{
	vigil_dev_audit_record r;
	size_t off, used, i;
	char kid[17];

	for (off = 0; off < len; off += used) {
		if (vigil_dev_audit_record_parse(&r, &used, log + off,
		    len - off) != VIGIL_DEV_OK) {
			cli_errorf("%s: malformed record at byte %zu", file,
			    off);
			return CLI_EXIT_FAIL;
		}
		if (r.type == VIGIL_DEV_AUDIT_CHECKPOINT) {
			vigil_trust_keyid_hex(kid, r.data);
			printf("%llu %llu checkpoint key %s\n",
			    (unsigned long long)r.seq,
			    (unsigned long long)r.time, kid);
			continue;
		}
		printf("%llu %llu %s", (unsigned long long)r.seq,
		    (unsigned long long)r.time, event_name(r.event));
		if (r.event == VIGIL_DEV_EV_CMD_REFUSED && r.data_len == 11)
			printf(" %s opcode %u",
			    vigil_dev_status_name((signed char)r.data[0]),
			    (unsigned)r.data[1] << 8 | r.data[2]);
		else if (r.event == VIGIL_DEV_EV_UPDATE_REFUSED &&
		    r.data_len == 1)
			printf(" %s", vigil_dev_status_name(
			    (signed char)r.data[0]));
		if (r.data_len > 0) {
			printf(" ");
			for (i = 0; i < r.data_len; i++)
				printf("%02x", r.data[i]);
		}
		printf("\n");
	}
	return cli_finish_stdout();
}

static int
audit_verify(const char *file, const char *keyfile, uint64_t want,
    const uint8_t *log, size_t len)
{
	vigil_dev_audit_result res;
	vigil_pubkey pk;
	int rc, drc;

	if ((rc = cli_dev_pubkey(&pk, keyfile)) != 0)
		return rc;
	drc = vigil_dev_audit_verify(&res, log, len, pk.pk);
	switch (drc) {
	case VIGIL_DEV_OK:
		if (res.records < want) {
			cli_errorf("%s: truncated: records %llu to %llu "
			    "removed (the device reports %llu)", file,
			    (unsigned long long)res.records + 1,
			    (unsigned long long)want, (unsigned long long)want);
			return CLI_EXIT_FAIL;
		}
		printf("%s: good: %llu records, %llu signed checkpoints",
		    file, (unsigned long long)res.records,
		    (unsigned long long)res.checkpoints);
		if (res.unsigned_tail == 1)
			printf("; the last record is not yet under a "
			    "checkpoint");
		else if (res.unsigned_tail > 1)
			printf("; the last %llu records are not yet under a "
			    "checkpoint", (unsigned long long)res.unsigned_tail);
		printf("\n");
		return cli_finish_stdout();
	case VIGIL_DEV_EREMOVED:
		if (res.count == 1)
			cli_errorf("%s: record %llu removed (missing before "
			    "byte %zu)", file, (unsigned long long)res.seq,
			    res.offset);
		else
			cli_errorf("%s: records %llu to %llu removed (missing "
			    "before byte %zu)", file,
			    (unsigned long long)res.seq,
			    (unsigned long long)(res.seq + res.count - 1),
			    res.offset);
		break;
	case VIGIL_DEV_EREORDERED:
		cli_errorf("%s: record %llu out of order (records reordered "
		    "at byte %zu)", file, (unsigned long long)res.seq,
		    res.offset);
		break;
	case VIGIL_DEV_EALTERED:
		cli_errorf("%s: record %llu altered: its hash does not match "
		    "(byte %zu)", file, (unsigned long long)res.seq,
		    res.offset);
		break;
	case VIGIL_DEV_ECHECKPOINT:
		cli_errorf("%s: checkpoint %llu: signature does not verify "
		    "with %s (byte %zu)", file, (unsigned long long)res.seq,
		    keyfile, res.offset);
		break;
	case VIGIL_DEV_EFORMAT:
		cli_errorf("%s: malformed record where record %llu should be "
		    "(byte %zu)", file, (unsigned long long)res.seq,
		    res.offset);
		break;
	default:
		cli_errorf("%s: %s", file, vigil_dev_strerror(drc));
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_FAIL;
}

static int
audit_run(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *key = NULL, *s;
	uint8_t *log = NULL;
	uint64_t want = 0;
	size_t len;
	int k, rc = CLI_EXIT_USAGE;

	if (cli_parser_init(&p, "vigil device audit", argc, argv, 1,
	    audit_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			device_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0) {
			key = val;
			continue;
		}
		s = val;
		if (vgx_parse_uint(&s, val + strlen(val), UINT64_MAX,
		    &want) != 0 || *s != '\0') {
			cli_usage_error(p.cmd, "--records takes a number, not "
			    "'%s'", val);
			goto done;
		}
	}
	if (p.npos != 2 || (strcmp(p.pos[0], "verify") != 0 &&
	    strcmp(p.pos[0], "show") != 0)) {
		cli_usage_error(p.cmd, "verify LOG or show LOG");
		goto done;
	}
	if (strcmp(p.pos[0], "verify") == 0 && key == NULL) {
		cli_usage_error(p.cmd, "verify needs --key DEVICE.pub");
		goto done;
	}
	if ((rc = cli_dev_read(&log, &len, p.pos[1], LOG_MAX)) != 0)
		goto done;
	if (strcmp(p.pos[0], "verify") == 0)
		rc = audit_verify(p.pos[1], key, want, log, len);
	else
		rc = audit_show(p.pos[1], log, len);
done:
	vgx_free(log);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- link ----------------------------------------------------------------- */

struct link {
	int fd;
	const char *sock;
	uint8_t *reply;		/* VIGIL_DEV_LINK_MAX bytes */
	size_t rlen;
	int status;
};

static int
link_open(struct link *l, const char *sock)
{
	struct sockaddr_un sa;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->sock = sock;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sa.sun_path))
		return cli_usage_error("vigil device", "socket path too long");
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	if ((l->reply = vgx_malloc(VIGIL_DEV_LINK_MAX)) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	if ((l->fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    connect(l->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		cli_errorf("%s: %s", sock, strerror(errno));
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

static void
link_close(struct link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	vgx_free(l->reply);
	l->reply = NULL;
	l->fd = -1;
}

static int
io_full(int fd, uint8_t *buf, size_t len, int wr)
{
	ssize_t n;

	while (len > 0) {
		n = wr ? write(fd, buf, len) : read(fd, buf, len);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send one frame and read the reply into l->reply, l->status. */
static int
link_xfer(struct link *l, unsigned type, const uint8_t *body, size_t len)
{
	uint8_t hdr[VIGIL_DEV_LINK_HEADER];
	unsigned st;
	uint32_t rlen;

	vigil_dev_link_header(hdr, type, (uint32_t)len);
	if (io_full(l->fd, hdr, sizeof(hdr), 1) != 0 ||
	    io_full(l->fd, (uint8_t *)(uintptr_t)body, len, 1) != 0 ||
	    io_full(l->fd, hdr, sizeof(hdr), 0) != 0) {
		cli_errorf("%s: connection lost", l->sock);
		return CLI_EXIT_SYSTEM;
	}
	if (vigil_dev_link_parse_header(&st, &rlen, hdr) != 0 ||
	    io_full(l->fd, l->reply, rlen, 0) != 0) {
		cli_errorf("%s: bad reply", l->sock);
		return CLI_EXIT_SYSTEM;
	}
	l->status = (signed char)(uint8_t)st;
	l->rlen = rlen;
	return CLI_EXIT_OK;
}

static int
refused(const struct link *l, const char *what)
{
	cli_errorf("device refused %s (%s): %s", what,
	    vigil_dev_status_name(l->status), vigil_dev_strerror(l->status));
	return CLI_EXIT_FAIL;
}

static int
hello(struct link *l, uint8_t id[8], char *model, size_t msize)
{
	int rc;
	size_t n;

	if ((rc = link_xfer(l, VIGIL_DEV_LINK_HELLO, NULL, 0)) != 0)
		return rc;
	if (l->status != VIGIL_DEV_OK || l->rlen < 8) {
		cli_errorf("%s: bad hello reply", l->sock);
		return CLI_EXIT_SYSTEM;
	}
	memcpy(id, l->reply, 8);
	n = l->rlen - 8 < msize - 1 ? l->rlen - 8 : msize - 1;
	memcpy(model, l->reply + 8, n);
	model[n] = '\0';
	return CLI_EXIT_OK;
}

static int
info_run(int argc, char **argv)
{
	struct link l;
	uint8_t id[8];
	char model[VIGIL_DEV_MODEL_MAX + 1], hex[17];
	int rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		device_help(stdout);
		return cli_finish_stdout();
	}
	if (argc != 2)
		return cli_usage_error("vigil device info", "one SOCKET");
	if ((rc = link_open(&l, argv[1])) == 0 &&
	    (rc = hello(&l, id, model, sizeof(model))) == 0) {
		vigil_trust_hex(hex, id, 8);
		printf("device-id: %s\nmodel: ", hex);
		for (const char *s = model; *s != '\0'; s++)
			putchar((unsigned char)*s >= 0x20 &&
			    (unsigned char)*s < 0x7f ? *s : '?');
		printf("\n");
		rc = cli_finish_stdout();
	}
	link_close(&l);
	return rc;
}

/* ---- send, confirm -------------------------------------------------------- */

struct sender {
	vigil_seckey *sk;
	vigil_pubkey pk;
	uint8_t device_id[8];
	uint64_t counter;	/* next to use */
	uint64_t time;		/* 0: now */
	const char *save;
	uint8_t msg[VIGIL_DEV_CMD_MAX];
	size_t len;
};

static uint64_t
now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

/* Sign OPCODE with PAYLOAD into s->msg and send it. */
static int
send_msg(struct link *l, struct sender *s, unsigned opcode, unsigned flags,
    uint64_t ref, const uint8_t *payload, size_t plen)
{
	vigil_dev_cmd_msg m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.flags = flags;
	m.opcode = opcode;
	memcpy(m.device_id, s->device_id, 8);
	memcpy(m.key_id, s->pk.key_id, 8);
	m.counter = s->counter++;
	m.time = s->time != 0 ? s->time : (uint64_t)time(NULL);
	m.ref = ref;
	m.payload = payload;
	m.payload_len = plen;
	if (vigil_dev_cmd_encode_body(s->msg, sizeof(s->msg), &s->len, &m) !=
	    VIGIL_DEV_OK)
		return cli_usage_error("vigil device send", "payload of %zu "
		    "bytes is above %d", plen, VIGIL_DEV_CMD_PAYLOAD_MAX);
	if ((rc = cli_dev_sign(s->msg + s->len, s->sk, s->msg, s->len)) != 0)
		return rc;
	s->len += VIGIL_DEV_SIG_BYTES;
	if (s->save != NULL && (rc = cli_dev_write(s->save, s->msg,
	    s->len)) != 0)
		return rc;
	return link_xfer(l, VIGIL_DEV_LINK_CMD, s->msg, s->len);
}

static int
write_reply(const struct link *l, const char *out)
{
	if (out != NULL)
		return cli_dev_write(out, l->reply, l->rlen);
	if (l->rlen > 0 && fwrite(l->reply, 1, l->rlen, stdout) != l->rlen)
		return CLI_EXIT_SYSTEM;
	return cli_finish_stdout();
}

/* The reply to a held command: print the token for `confirm`. */
static int
print_held(const struct link *l, const char *sock)
{
	const uint8_t *r = l->reply;
	uint64_t counter = 0;
	unsigned op, secs;
	char hex[65];
	int i;

	if (l->rlen != 46) {
		cli_errorf("%s: bad reply to a held command", sock);
		return CLI_EXIT_SYSTEM;
	}
	op = (unsigned)r[0] << 8 | r[1];
	for (i = 0; i < 8; i++)
		counter = counter << 8 | r[2 + i];
	vigil_trust_hex(hex, r + 10, 32);
	secs = (unsigned)r[42] << 24 | (unsigned)r[43] << 16 |
	    (unsigned)r[44] << 8 | r[45];
	printf("held: safety-critical command %u needs a confirmation within "
	    "%u s:\n  vigil device confirm %s TOKEN --key ...\n"
	    "token: %u:%llu:%s\n", op, secs, sock, op,
	    (unsigned long long)counter, hex);
	return cli_finish_stdout();
}

static int
result(struct link *l, const char *what, const char *sock, const char *out)
{
	if (l->status == VIGIL_DEV_PENDING)
		return print_held(l, sock);
	if (l->status != VIGIL_DEV_OK)
		return refused(l, what);
	return write_reply(l, out);
}

static int
send_file_chunks(struct link *l, struct sender *s, unsigned opcode,
    const char *file)
{
	uint8_t *buf = NULL;
	size_t len, off, n;
	int rc;

	if ((rc = cli_dev_read(&buf, &len, file, VIGIL_DEV_LINK_MAX)) != 0)
		return rc;
	for (off = 0; off < len; off += n) {
		n = len - off < CHUNK ? len - off : CHUNK;
		if ((rc = send_msg(l, s, opcode, 0, 0, buf + off, n)) != 0)
			break;
		if (l->status != VIGIL_DEV_OK) {
			rc = refused(l, "the update");
			break;
		}
	}
	vgx_free(buf);
	return rc;
}

static int
do_update(struct link *l, struct sender *s, char **args, int nargs)
{
	uint8_t *man = NULL;
	size_t mlen;
	int rc;

	if (nargs < 2 || nargs > 3)
		return cli_usage_error("vigil device send",
		    "update MANIFEST IMAGE [SBOM]");
	if ((rc = cli_dev_read(&man, &mlen, args[0],
	    VIGIL_DEV_MANIFEST_MAX)) != 0)
		return rc;
	rc = send_msg(l, s, VIGIL_DEV_OP_UPDATE_BEGIN, 0, 0, man, mlen);
	vgx_free(man);
	if (rc != 0)
		return rc;
	if (l->status != VIGIL_DEV_OK)
		return refused(l, "the manifest");
	if ((rc = send_file_chunks(l, s, VIGIL_DEV_OP_UPDATE_IMAGE,
	    args[1])) != 0)
		return rc;
	if (nargs == 3 && (rc = send_file_chunks(l, s,
	    VIGIL_DEV_OP_UPDATE_SBOM, args[2])) != 0)
		return rc;
	if ((rc = send_msg(l, s, VIGIL_DEV_OP_UPDATE_FINISH, 0, 0, NULL,
	    0)) != 0)
		return rc;
	if (l->status != VIGIL_DEV_OK)
		return refused(l, "the update");
	printf("update installed\n");
	return cli_finish_stdout();
}

static int
parse_num(uint64_t *out, const char *cmd, const char *what, const char *val,
    uint64_t max)
{
	const char *s = val;

	if (vgx_parse_uint(&s, val + strlen(val), max, out) != 0 ||
	    *s != '\0')
		return cli_usage_error(cmd, "%s must be a number up to %llu, "
		    "not '%s'", what, (unsigned long long)max, val);
	return 0;
}

/*
 * Options shared by send and confirm.  Returns 0, or an exit status with
 * *DONE set (help printed or an error).
 */
static int
sender_opts(struct cli_parser *p, struct sender *s, const char **key,
    const char **device, const char **resend, const char **out, int *done)
{
	const char *val;
	int k;

	*done = 1;
	while ((k = cli_opt_next(p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			return CLI_EXIT_USAGE;
		if (k == CLI_OPT_HELP) {
			device_help(stdout);
			return cli_finish_stdout();
		}
		switch (k) {
		case 0:
			*key = val;
			break;
		case 1:
			*device = val;
			break;
		case 2:
			if (parse_num(&s->counter, p->cmd, "--counter", val,
			    UINT64_MAX - 4096) != 0)
				return CLI_EXIT_USAGE;
			if (s->counter == 0)
				return cli_usage_error(p->cmd,
				    "--counter starts at 1");
			break;
		case 3:
			if (parse_num(&s->time, p->cmd, "--time", val,
			    UINT64_MAX) != 0)
				return CLI_EXIT_USAGE;
			break;
		case 4:
			s->save = val;
			break;
		case 5:
			*resend = val;
			break;
		case 6:
			*out = val;
			break;
		}
	}
	*done = 0;
	return 0;
}

/* Key, device id and counter for a signed message. */
static int
sender_setup(struct link *l, struct sender *s, const char *cmd,
    const char *key, const char *device)
{
	char model[VIGIL_DEV_MODEL_MAX + 1];
	int rc;

	if (key == NULL)
		return cli_usage_error(cmd, "--key CTL.key is required");
	if (device != NULL && cli_dev_unhex(s->device_id, 8, device) != 0)
		return cli_usage_error(cmd, "--device takes 16 hex digits");
	if (device == NULL && (rc = hello(l, s->device_id, model,
	    sizeof(model))) != 0)
		return rc;
	if ((rc = cli_dev_seckey(&s->sk, key)) != 0)
		return rc;
	vigil_trust_seckey_pubkey(&s->pk, s->sk);
	if (s->counter == 0)
		s->counter = now_us();
	return 0;
}

static int
send_run(int argc, char **argv)
{
	static struct sender s;
	struct cli_parser p;
	struct link l;
	const char *key = NULL, *device = NULL, *resend = NULL, *out = NULL;
	const char *cmd;
	uint8_t *raw = NULL;
	size_t rlen;
	uint64_t op;
	int rc, done, nargs;
	char **args;

	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	l.fd = -1;
	if (cli_parser_init(&p, "vigil device send", argc, argv, 1,
	    send_opts) < 0)
		return CLI_EXIT_SYSTEM;
	rc = sender_opts(&p, &s, &key, &device, &resend, &out, &done);
	if (done)
		goto end;
	rc = CLI_EXIT_USAGE;
	if (resend != NULL) {
		if (p.npos != 1) {
			cli_usage_error(p.cmd, "--resend FILE takes only "
			    "SOCKET");
			goto end;
		}
		if ((rc = cli_dev_read(&raw, &rlen, resend,
		    VIGIL_DEV_CMD_MAX)) != 0 ||
		    (rc = link_open(&l, p.pos[0])) != 0 ||
		    (rc = link_xfer(&l, VIGIL_DEV_LINK_CMD, raw, rlen)) != 0)
			goto end;
		rc = result(&l, "the message", p.pos[0], out);
		goto end;
	}
	if (p.npos < 2) {
		cli_usage_error(p.cmd, "SOCKET and COMMAND are required");
		goto end;
	}
	cmd = p.pos[1];
	args = p.pos + 2;
	nargs = p.npos - 2;
	if ((rc = link_open(&l, p.pos[0])) != 0 ||
	    (rc = sender_setup(&l, &s, p.cmd, key, device)) != 0)
		goto end;
	rc = CLI_EXIT_USAGE;
	if (strcmp(cmd, "update") == 0) {
		rc = do_update(&l, &s, args, nargs);
		goto end;
	}
	if (strcmp(cmd, "status") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_STATUS;
	else if (strcmp(cmd, "sbom") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_GET_SBOM;
	else if (strcmp(cmd, "manifest") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_GET_MANIFEST;
	else if (strcmp(cmd, "log") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_GET_LOG;
	else if (strcmp(cmd, "shutdown") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_SHUTDOWN;
	else if (strcmp(cmd, "set-rate") == 0 && nargs == 1)
		op = VIGIL_DEV_OP_FIRMWARE;
	else if (strcmp(cmd, "start-infusion") == 0 && nargs == 0)
		op = VIGIL_DEV_OP_FIRMWARE + 1;
	else if (strcmp(cmd, "opcode") == 0 && (nargs == 1 || nargs == 2)) {
		if (parse_num(&op, p.cmd, "opcode", args[0], 65535) != 0)
			goto end;
		args++;
		nargs--;
	} else {
		cli_usage_error(p.cmd, "unknown COMMAND '%s' or wrong "
		    "arguments", cmd);
		goto end;
	}
	if ((rc = send_msg(&l, &s, (unsigned)op, 0, 0,
	    nargs > 0 ? (const uint8_t *)args[nargs - 1] : NULL,
	    nargs > 0 ? strlen(args[nargs - 1]) : 0)) != 0)
		goto end;
	rc = result(&l, cmd, p.pos[0], out);
end:
	vgx_free(raw);
	vigil_trust_seckey_free(s.sk);
	link_close(&l);
	cli_parser_dispose(&p);
	return rc;
}

static int
confirm_run(int argc, char **argv)
{
	static struct sender s;
	struct cli_parser p;
	struct link l;
	const char *key = NULL, *device = NULL, *resend = NULL, *out = NULL;
	const char *t, *c1, *c2;
	uint8_t digest[32];
	uint64_t op, ref;
	char num[32];
	int rc, done;

	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	l.fd = -1;
	if (cli_parser_init(&p, "vigil device confirm", argc, argv, 1,
	    send_opts) < 0)
		return CLI_EXIT_SYSTEM;
	rc = sender_opts(&p, &s, &key, &device, &resend, &out, &done);
	if (done)
		goto end;
	rc = CLI_EXIT_USAGE;
	if (p.npos != 2 || resend != NULL) {
		cli_usage_error(p.cmd, "SOCKET and TOKEN are required");
		goto end;
	}
	/* TOKEN: OPCODE:COUNTER:DIGEST */
	t = p.pos[1];
	if ((c1 = strchr(t, ':')) == NULL || (c2 = strchr(c1 + 1, ':')) ==
	    NULL || (size_t)(c1 - t) >= sizeof(num) ||
	    (size_t)(c2 - c1 - 1) >= sizeof(num)) {
		cli_usage_error(p.cmd, "TOKEN is OPCODE:COUNTER:DIGEST, as "
		    "'send' prints it");
		goto end;
	}
	memcpy(num, t, (size_t)(c1 - t));
	num[c1 - t] = '\0';
	if (parse_num(&op, p.cmd, "the token's opcode", num, 65535) != 0)
		goto end;
	memcpy(num, c1 + 1, (size_t)(c2 - c1 - 1));
	num[c2 - c1 - 1] = '\0';
	if (parse_num(&ref, p.cmd, "the token's counter", num,
	    UINT64_MAX) != 0 || ref == 0 ||
	    cli_dev_unhex(digest, 32, c2 + 1) != 0) {
		cli_usage_error(p.cmd, "TOKEN is OPCODE:COUNTER:DIGEST, as "
		    "'send' prints it");
		goto end;
	}
	if ((rc = link_open(&l, p.pos[0])) != 0 ||
	    (rc = sender_setup(&l, &s, p.cmd, key, device)) != 0 ||
	    (rc = send_msg(&l, &s, (unsigned)op, VIGIL_DEV_CMD_CONFIRM, ref,
	    digest, 32)) != 0)
		goto end;
	rc = result(&l, "the confirmation", p.pos[0], out);
end:
	vigil_trust_seckey_free(s.sk);
	link_close(&l);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- local (simulator) ---------------------------------------------------- */

static int
local_run(int argc, char **argv)
{
	struct link l;
	uint8_t b[7];
	size_t n = 1;
	uint64_t secs = 0;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		device_help(stdout);
		return cli_finish_stdout();
	}
	if (argc < 3)
		return cli_usage_error("vigil device local",
		    "SOCKET and an action are required");
	if (strcmp(argv[2], "breakglass") == 0 && argc <= 4) {
		if (argc == 4 && parse_num(&secs, "vigil device local",
		    "SECONDS", argv[3], UINT32_MAX) != 0)
			return CLI_EXIT_USAGE;
		b[0] = VIGIL_DEV_LOCAL_BREAKGLASS;
		b[1] = (uint8_t)(secs >> 24);
		b[2] = (uint8_t)(secs >> 16);
		b[3] = (uint8_t)(secs >> 8);
		b[4] = (uint8_t)secs;
		b[5] = 0;
		b[6] = 1;	/* reason: local key switch */
		n = 7;
	} else if (strcmp(argv[2], "confirm") == 0 && argc == 3) {
		b[0] = VIGIL_DEV_LOCAL_CONFIRM;
	} else if (strcmp(argv[2], "close") == 0 && argc == 3) {
		b[0] = VIGIL_DEV_LOCAL_CLOSE;
	} else if (strcmp(argv[2], "use") == 0 && argc == 3) {
		b[0] = VIGIL_DEV_LOCAL_USE;
	} else {
		return cli_usage_error("vigil device local", "unknown action "
		    "'%s' or wrong arguments", argv[2]);
	}
	if ((rc = link_open(&l, argv[1])) == 0 &&
	    (rc = link_xfer(&l, VIGIL_DEV_LINK_LOCAL, b, n)) == 0) {
		if (l.status != VIGIL_DEV_OK)
			rc = refused(&l, argv[2]);
		else if (l.rlen == 0)
			rc = (printf("ok\n"), cli_finish_stdout());
		else
			rc = write_reply(&l, NULL);
	}
	link_close(&l);
	return rc;
}

/* ---- group ---------------------------------------------------------------- */

static int
device_run(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		device_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : cli_finish_stdout();
	}
	for (i = 0; i < NSUBS; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("vigil device", "unknown subcommand '%s'",
	    argv[1]);
}

const struct cli_cmd cli_cmd_device = {
	"device", "device security kit: audit logs, commands, updates",
	device_help, device_run
};
