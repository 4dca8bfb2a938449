/* moisson-curl-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The calls go through the table below, not through curl.h's checking
 * macros. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <glib.h>

/* Left by curl.h in place of its checks. */
#undef curl_easy_getinfo
#undef curl_easy_setopt

G_BEGIN_DECLS

/* libcurl is loaded for the first transfer over the network, not with the
 * executable: loading it and the thirty libraries it brings (OpenSSL,
 * GnuTLS, LDAP, Kerberos, SSH…), then curl_global_init (), would slow
 * every start for what no map nor local file needs. */
#define MOISSON_CURL_FUNCTIONS(F) \
  F (curl_easy_cleanup) \
  F (curl_easy_getinfo) \
  F (curl_easy_init) \
  F (curl_easy_perform) \
  F (curl_easy_setopt) \
  F (curl_easy_strerror) \
  F (curl_global_init) \
  F (curl_slist_append) \
  F (curl_slist_free_all)

#define MOISSON_DECLARE_CURL_FUNCTION(name) __typeof__ (name) *name;
typedef struct
{
  MOISSON_CURL_FUNCTIONS (MOISSON_DECLARE_CURL_FUNCTION)
} MoissonCurl;
#undef MOISSON_DECLARE_CURL_FUNCTION

extern MoissonCurl _moisson_curl;

gboolean _moisson_curl_load    (GError    **error);
char    *_moisson_curl_explain (CURLcode    code,
                                const char *detail);

/* Where libcurl is called, the names go to the table. */
#ifndef MOISSON_CURL_LOADER
#define curl_easy_cleanup _moisson_curl.curl_easy_cleanup
#define curl_easy_getinfo _moisson_curl.curl_easy_getinfo
#define curl_easy_init _moisson_curl.curl_easy_init
#define curl_easy_perform _moisson_curl.curl_easy_perform
#define curl_easy_setopt _moisson_curl.curl_easy_setopt
#define curl_easy_strerror _moisson_curl.curl_easy_strerror
#define curl_slist_append _moisson_curl.curl_slist_append
#define curl_slist_free_all _moisson_curl.curl_slist_free_all

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)
#endif

G_END_DECLS
