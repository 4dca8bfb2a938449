/* moisson-moderators.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The moderators' bearer tokens, read from a file of "name:token" lines. */
typedef struct _MoissonModerators MoissonModerators;

MoissonModerators *moisson_moderators_new_from_file (const char         *path,
                                                     GError            **error);
MoissonModerators *moisson_moderators_new_empty     (void);
void               moisson_moderators_free          (MoissonModerators  *self);
guint              moisson_moderators_get_n         (MoissonModerators  *self);
const char        *moisson_moderators_check         (MoissonModerators  *self,
                                                     const char         *authorization);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonModerators, moisson_moderators_free)

G_END_DECLS
