/* main.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "moisson-server.h"

static gboolean
on_quit_signal (gpointer user_data)
{
  g_message ("Stopping");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_reload_signal (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!moisson_server_reload_moderators (user_data, &error))
    g_warning ("The moderator tokens were not read again, the old ones stay: %s", error->message);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *database = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *title = NULL;
  MoissonServerOptions options;
  int rate_limit;
  int max_age;
  gboolean trust_proxy = FALSE;
  gboolean version = FALSE;
  guint sigterm_id, sigint_id, sighup_id;

  setlocale (LC_ALL, "");
  moisson_server_options_init (&options);
  rate_limit = (int) options.rate_limit;
  max_age = (int) options.feed_max_age;
  {
    const GOptionEntry entries[] = {
      { "database", 'd', 0, G_OPTION_ARG_STRING, &database,
        "PostgreSQL to use (default: $MOISSON_DATABASE, else postgresql:///moisson)", "postgresql://…" },
      { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address and port to listen on (default: 127.0.0.1:8080)", "ADDRESS:PORT" },
      { "moderator-tokens", 't', 0, G_OPTION_ARG_FILENAME, &tokens,
        "File of the moderators' tokens, one “name:token” a line (read again on SIGHUP)", "FILE" },
      { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
        "Contributions one address may send a minute, 0 for no limit (default: 60)", "N" },
      { "trust-proxy", 0, 0, G_OPTION_ARG_NONE, &trust_proxy,
        "Take the client's address from X-Real-IP when the request comes from the loopback (a proxy on this machine)", NULL },
      { "feed-title", 0, 0, G_OPTION_ARG_STRING, &title, "Title of the published feed", "TEXT" },
      { "feed-max-age", 0, 0, G_OPTION_ARG_INT, &max_age, "Seconds caches may keep the feed without asking (default: 60)", "SECONDS" },
      { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
      { NULL }
    };

    context = g_option_context_new ("— publish the Moisson feed and receive contributions");
    g_option_context_add_main_entries (context, entries, NULL);
  }
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("moisson-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("moisson-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (rate_limit < 0 || max_age < 0)
    {
      g_printerr ("moisson-server: --rate-limit and --feed-max-age take a number from 0\n");
      return 2;
    }

  if (database != NULL)
    options.database = database;
  else if (g_getenv ("MOISSON_DATABASE") != NULL)
    options.database = g_getenv ("MOISSON_DATABASE");
  if (listen != NULL)
    options.listen = listen;
  if (title != NULL)
    options.feed_title = title;
  options.moderator_tokens = tokens;
  options.rate_limit = (guint) rate_limit;
  options.feed_max_age = (guint) max_age;
  options.trust_proxy = trust_proxy;

  server = moisson_server_new (&options, &error);
  if (server == NULL)
    {
      g_printerr ("moisson-server: %s\n", error->message);
      return 1;
    }

  /* One line on standard output once the socket listens (the database was
   * ready, or is tried again at each request): whoever started the server
   * waits for it instead of asking again and again. */
  g_print ("Listening on %s\n", options.listen);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  sighup_id = g_unix_signal_add (SIGHUP, on_reload_signal, server);
  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_source_remove (sighup_id);
  return 0;
}
