/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/vigil.h
 * @brief Umbrella header: includes every public header of libvigil.
 *
 * The conventions that every function follows (ownership, NULL, errors)
 * are stated once in vigil/common.h.
 */
#ifndef VIGIL_H
#define VIGIL_H

#include "vigil/common.h"
#include "vigil/headers.h"	/* generated: one #include per module header */

#endif
