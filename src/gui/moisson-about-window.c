/* moisson-about-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-about-window.h"

#include <glib/gi18n.h>


/* The About window: version, licence, and the credits of the data on show:
 * the boundary file in use (the bundled one, IGN's, or another) and the
 * feed with the sources its entries name. */

typedef struct
{
  char *title;     /* Pango markup */
  char *text;      /* Pango markup */
} Credit;

static void
credit_clear (gpointer data)
{
  Credit *credit = data;

  g_free (credit->title);
  g_free (credit->text);
}

static gboolean
is_bundled (MoissonAtlas *atlas)
{
  g_autofree char *bundled = moisson_dup_bundled_boundaries ();
  g_autoptr(GFile) a = g_file_new_for_path (bundled);
  g_autoptr(GFile) b = NULL;

  if (atlas == NULL || moisson_atlas_get_source_path (atlas) == NULL)
    return TRUE;
  b = g_file_new_for_path (moisson_atlas_get_source_path (atlas));
  return g_file_equal (a, b);
}

/* IGN ships ADMIN EXPRESS as DEPARTEMENT.shp in folders named after it. */
static gboolean
is_ign (MoissonAtlas *atlas)
{
  g_autofree char *path = g_ascii_strup (moisson_atlas_get_source_path (atlas), -1);
  g_autofree char *base = g_path_get_basename (path);

  return strstr (path, "ADMIN-EXPRESS") != NULL || strstr (path, "ADMIN_EXPRESS") != NULL ||
         strstr (path, "ADE_") != NULL || strstr (path, "IGN") != NULL ||
         g_str_equal (base, "DEPARTEMENT.SHP");
}

static void
add_credit (GArray     *credits,
            const char *title,
            char       *text)
{
  Credit credit = { g_markup_escape_text (title, -1), text };

  g_array_append_val (credits, credit);
}

static GArray *
collect_credits (MoissonAtlas *atlas,
                 MoissonFeed  *feed)
{
  GArray *credits = g_array_new (FALSE, TRUE, sizeof (Credit));

  g_array_set_clear_func (credits, credit_clear);

  if (is_bundled (atlas))
    add_credit (credits, _("Boundaries of the départements"),
                g_strdup (_("Shapes: Natural Earth 1:10m, public domain (<a href=\"https://www.naturalearthdata.com\">naturalearthdata.com</a>).\n"
                            "Codes, names and régions: INSEE, Code officiel géographique, through "
                            "@etalab/decoupage-administratif 6.0.0, MIT licence.")));
  else if (is_ign (atlas))
    {
      g_autofree char *path = g_markup_escape_text (moisson_atlas_get_source_path (atlas), -1);

      add_credit (credits, _("Boundaries of the départements"),
                  g_strdup_printf (_("IGN ADMIN EXPRESS, Licence Ouverte / Open Licence (Etalab) — %s.\n"
                                     "INSEE codes: Code officiel géographique."), path));
    }
  else
    {
      g_autofree char *path = g_markup_escape_text (moisson_atlas_get_source_path (atlas), -1);

      add_credit (credits, _("Boundaries of the départements"),
                  g_strdup_printf (_("%s, under the terms of whoever published it."), path));
    }

  if (feed != NULL)
    {
      GPtrArray *initiatives = moisson_feed_get_initiatives (feed);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      GString *text = g_string_new (NULL);
      const char *title = moisson_feed_get_title (feed);
      g_autofree char *escaped_title = g_markup_escape_text (title ? title : _("Untitled feed"), -1);
      g_autofree char *escaped_uri = g_markup_escape_text (moisson_feed_get_uri (feed) ? moisson_feed_get_uri (feed) : "", -1);

      g_string_append_printf (text, "%s\n%s", escaped_title, escaped_uri);
      for (guint i = 0; i < initiatives->len; i++)
        {
          MoissonInitiative *initiative = g_ptr_array_index (initiatives, i);
          const char *source = moisson_initiative_get_source (initiative);
          const char *url = moisson_initiative_get_source_url (initiative);
          g_autofree char *escaped = NULL;

          if (source == NULL || !g_hash_table_add (seen, (gpointer) source))
            continue;
          if (g_hash_table_size (seen) == 1)
            g_string_append_printf (text, "\n\n%s", _("Sources named in the feed:"));
          escaped = g_markup_escape_text (source, -1);
          if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
            {
              g_autofree char *escaped_url = g_markup_escape_text (url, -1);

              g_string_append_printf (text, "\n• <a href=\"%s\">%s</a>", escaped_url, escaped);
            }
          else
            g_string_append_printf (text, "\n• %s", escaped);
        }
      add_credit (credits, _("Initiatives"), g_string_free (text, FALSE));
    }
  return credits;
}

/**
 * moisson_about_dup_data_credits:
 *
 * Returns: (transfer full): the data credits as the About window shows
 *   them, one section after the other, in Pango markup
 */
char *
moisson_about_dup_data_credits (MoissonAtlas *atlas,
                                MoissonFeed  *feed)
{
  g_autoptr(GArray) credits = collect_credits (atlas, feed);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < credits->len; i++)
    {
      Credit *credit = &g_array_index (credits, Credit, i);

      g_string_append_printf (all, "%s\n%s\n\n", credit->title, credit->text);
    }
  return g_string_free (all, FALSE);
}

/**
 * moisson_about_window_new:
 * @atlas: (nullable): the boundaries on show
 * @feed: (nullable): the feed on show
 */
GtkWidget *
moisson_about_window_new (GtkWindow    *parent,
                          MoissonAtlas *atlas,
                          MoissonFeed  *feed)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/moisson/Moisson/moisson-about-window.ui");
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (gtk_builder_get_object (builder, "about"));
  g_autoptr(GArray) credits = collect_credits (atlas, feed);

  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));

  /* Run from the build tree, the app icon is not installed yet. */
  if (!gtk_icon_theme_has_icon (theme, APP_ID))
    {
      g_autofree char *icons = g_build_filename (MOISSON_SOURCE_DATADIR, "..", "icons", NULL);

      gtk_icon_theme_add_search_path (theme, icons);
    }
  adw_about_window_set_version (about, PACKAGE_VERSION);
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  for (guint i = 0; i < credits->len; i++)
    {
      Credit *credit = &g_array_index (credits, Credit, i);

      adw_about_window_add_legal_section (about, credit->title, NULL, GTK_LICENSE_CUSTOM, credit->text);
    }
  return GTK_WIDGET (about);
}
