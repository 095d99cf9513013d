/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Narrowing the server's privileges once the socket is bound: no new
 * privileges for anything it might run (Linux PR_SET_NO_NEW_PRIVS), no
 * core files (they would hold tokens and session ids in memory), and a
 * restrictive umask for files it creates (spool files, the database's
 * WAL).  On other systems only the portable parts apply.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "server.h"

void
srv_sandbox(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)umask(077);
#ifdef __linux__
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}
