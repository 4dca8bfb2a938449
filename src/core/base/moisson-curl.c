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

/**
 * _moisson_curl_explain:
 * @detail: (nullable): what libcurl said, in English
 *
 * Returns: (transfer full): what failed, in the app's words, with libcurl's
 *   own words after them for whoever needs the detail
 */
char *
_moisson_curl_explain (CURLcode    code,
                       const char *detail)
{
  const char *what;

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      what = _("the server’s name is unknown: check the address and the connection to the Internet");
      break;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      what = _("the proxy cannot be reached");
      break;
    case CURLE_COULDNT_CONNECT:
      what = _("the server cannot be reached or refuses the connection");
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
      what = _("the secure connection failed: the server’s certificate is not recognised");
      break;
    case CURLE_GOT_NOTHING:
      what = _("the server closed the connection without answering");
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      what = _("the connection broke off");
      break;
    case CURLE_OPERATION_TIMEDOUT:
      what = _("the server did not answer in time");
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      what = _("this kind of address is not supported");
      break;
    case CURLE_URL_MALFORMAT:
      what = _("the address is not well formed");
      break;
    default:
      what = _("the network failed");
      break;
    }
  if (detail == NULL || *detail == '\0')
    detail = _moisson_curl.curl_easy_strerror != NULL ? _moisson_curl.curl_easy_strerror (code) : "";
  /* TRANSLATORS: what failed, then the network library's own words */
  return g_strdup_printf (_("%s (detail: %s)"), what, detail);
}
