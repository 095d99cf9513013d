/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: frame headers of the byte-stream link (link.h).
 */
#include "vigil/device/link.h"
#include "devint.h"

void
vigil_dev_link_header(uint8_t out[VIGIL_DEV_LINK_HEADER], unsigned type,
    uint32_t len)
{
	out[0] = (uint8_t)type;
	vigil__dev_be32_store(out + 1, len);
}

int
vigil_dev_link_parse_header(unsigned *type, uint32_t *len,
    const uint8_t in[VIGIL_DEV_LINK_HEADER])
{
	*type = in[0];
	*len = ((uint32_t)in[1] << 24) | ((uint32_t)in[2] << 16) |
	    ((uint32_t)in[3] << 8) | in[4];
	return *len > VIGIL_DEV_LINK_MAX ? VIGIL_DEV_ESPACE : VIGIL_DEV_OK;
}
