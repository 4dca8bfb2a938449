/* test-i18n.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "moisson-window.h"

/* The window in French under a French locale, in English under C. */

static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_ENTRY (widget) && gtk_entry_get_placeholder_text (GTK_ENTRY (widget)) != NULL)
    g_string_append_printf (texts, "%s\n", gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static void
test_french (void)
{
  g_autoptr(GString) texts = g_string_new (NULL);
  GtkWidget *window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));

  collect_texts (window, texts);
  if (strstr (texts->str, "Aller à un département…") == NULL || strstr (texts->str, "Toutes les initiatives") == NULL)
    g_error ("not in French: %s", texts->str);
  g_assert_null (strstr (texts->str, "Go to a département"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* What the network library says comes in the app's French words, its own
 * English kept after them as the detail. */
static void
test_network_error_in_french (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonFetchOptions options;

  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  /* Port 1 on the loopback: nothing listens, refused at once. */
  feed = moisson_feed_load ("http://127.0.0.1:1/feed.json", NULL, &options, NULL, &error);
  g_assert_null (feed);
  g_assert_nonnull (error);
  if (!g_str_has_prefix (error->message, "Le flux ne peut pas être téléchargé : le serveur est injoignable ou refuse "
                                         "la connexion (détail : "))
    g_error ("not in French: %s", error->message);
}

/* Dates as French readers write them: « 1 décembre 2026 à 10:00 ». */
static void
test_dates_in_french (void)
{
  g_autofree char *boundaries = g_build_filename (g_getenv ("MOISSON_DATADIR"), "departements",
                                                  "departements.shp", NULL);
  g_autofree char *dir = g_dir_make_tmp ("moisson-i18n-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.svg", NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, &error);
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 12, 1, 10, 0, 0);
  MoissonMapState state = { 0 };
  MoissonMapDocument document = { 0 };

  g_assert_no_error (error);
  document.atlas = atlas;
  document.state = &state;
  document.export_date = date;
  g_assert_true (moisson_map_document_export (&document, MOISSON_EXPORT_FORMAT_SVG, 0, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  if (strstr (svg, "1 décembre 2026 à 10:00") == NULL)
    g_error ("no French date in the document");
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_print ("1..0 # SKIP the fr_FR.UTF-8 locale is not installed\n");
      return 0;
    }
  bindtextdomain (GETTEXT_PACKAGE, MOISSON_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* GTK would set the locale again from the environment. */
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/i18n/french", test_french);
  g_test_add_func ("/i18n/network-error", test_network_error_in_french);
  g_test_add_func ("/i18n/dates", test_dates_in_french);
  return g_test_run ();
}
