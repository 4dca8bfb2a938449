/* test-i18n.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
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
  return g_test_run ();
}
