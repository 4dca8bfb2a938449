/* moisson-curl.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define MOISSON_CURL_LOADER
#include "moisson-curl-private.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>

#include "moisson-feed.h"

MoissonCurl _moisson_curl;

/**
 * _moisson_curl_load:
 *
 * Loads libcurl and sets it up, the first time; the calls of
 * moisson-curl-private.h work once this returns %TRUE.
 *
 * Returns: %FALSE with @error set (a #MoissonFeedError) when libcurl
 *   cannot be loaded
 */
gboolean
_moisson_curl_load (GError **error)
{
  static gsize loaded = 0;
  static char *failure = NULL;

  if (g_once_init_enter (&loaded))
    {
      void *library = dlopen (MOISSON_CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

      if (library == NULL)
        failure = g_strdup (dlerror ());
#define LOAD_FUNCTION(name) \
      if (failure == NULL && (_moisson_curl.name = (__typeof__ (name) *) dlsym (library, #name)) == NULL) \
        failure = g_strdup (dlerror ());
      MOISSON_CURL_FUNCTIONS (LOAD_FUNCTION)
#undef LOAD_FUNCTION
      if (failure == NULL && _moisson_curl.curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        failure = g_strdup ("curl_global_init");
      g_once_init_leave (&loaded, 1);
    }
  if (failure != NULL)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                   _("The network library cannot be loaded: %s"), failure);
      return FALSE;
    }
  return TRUE;
}
