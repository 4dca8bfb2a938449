/* moisson-server-contribution.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MOISSON_SERVER_REQUEST_ERROR (moisson_server_request_error_quark ())

/* What is wrong with a request's body; moisson_server_request_error_code ()
 * names each for the JSON error the client reads. */
typedef enum
{
  MOISSON_SERVER_REQUEST_ERROR_BAD_JSON,
  MOISSON_SERVER_REQUEST_ERROR_NOT_A_CONTRIBUTION,
  MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE,
  MOISSON_SERVER_REQUEST_ERROR_NO_REVISION,
} MoissonServerRequestError;

/* One contribution, read and checked by the core's feed reader. */
typedef struct
{
  char *id;
  guint revision;
  char *client;        /* NULL when the client gave none */
  char *initiative;    /* the initiative as sent, as JSON text */
  char *published;     /* the same without its "contribution" record: what the feed shows */
  GStrv warnings;      /* what the reader dropped from it, in English */
} MoissonServerContribution;

GQuark                     moisson_server_request_error_quark     (void);
const char                *moisson_server_request_error_code      (const GError *error);
MoissonServerContribution *moisson_server_contribution_read       (const char   *body,
                                                                   gsize         length,
                                                                   gboolean      need_revision,
                                                                   GError      **error);
void                       moisson_server_contribution_free       (MoissonServerContribution *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonServerContribution, moisson_server_contribution_free)

G_END_DECLS
