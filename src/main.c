/* main.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "moisson-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MoissonApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* Run from the build tree, before any install: its own translations. */
  if (g_file_test (MOISSON_DATADIR, G_FILE_TEST_IS_DIR))
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  else
    bindtextdomain (GETTEXT_PACKAGE, MOISSON_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  curl_global_init (CURL_GLOBAL_DEFAULT);

  app = moisson_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  curl_global_cleanup ();
  return status;
}
