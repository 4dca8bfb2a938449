/* moisson-server-client-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-server-client.h"

G_BEGIN_DECLS

/* One HTTP request to a Moisson server (or any receiver of contributions),
 * its answer kept whole up to 4 MB. */
typedef struct
{
  long status;
  GByteArray *body;
  gboolean too_large;    /* cut after 4 MB: the request failed */
} MoissonAnswer;

void     _moisson_answer_clear   (MoissonAnswer             *answer);
gboolean _moisson_http_request   (const char                *method,
                                  const char                *url,
                                  const char                *token,
                                  const char                *body,
                                  const MoissonFetchOptions *options,
                                  GCancellable              *cancellable,
                                  MoissonAnswer             *answer,
                                  GError                   **error);
char    *_moisson_answer_explain (const MoissonAnswer       *answer);
gboolean _moisson_answer_is_final (const MoissonAnswer      *answer);
MoissonSync _moisson_answer_state (const MoissonAnswer      *answer,
                                   char                    **reason);

G_END_DECLS
