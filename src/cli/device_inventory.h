/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inventory subcommands of `vigil device` (device_inventory.c), for
 * the subcommand table in cmd_device.c: each takes ARGV[0] == the
 * subcommand name and returns an exit status.
 */
#ifndef VIGIL_CLI_DEVICE_INVENTORY_H
#define VIGIL_CLI_DEVICE_INVENTORY_H

#include <stdio.h>

int cli_device_add(int argc, char **argv);
int cli_device_list(int argc, char **argv);
int cli_device_show(int argc, char **argv);
int cli_device_remove(int argc, char **argv);
int cli_device_import(int argc, char **argv);
int cli_device_sbom(int argc, char **argv);

/* The inventory part of `vigil device --help`. */
void cli_device_inventory_help(FILE *fp);

#endif
