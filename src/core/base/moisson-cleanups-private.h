/* moisson-cleanups-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json.h>
#include <shapefil.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SHPObject, SHPDestroyObject)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SHPHandle, SHPClose, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DBFHandle, DBFClose, NULL)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)
/* CURL's is in moisson-curl-private.h, beside the table it calls through:
 * here, curl.h would come into every file that frees a json_object. */

G_END_DECLS
