/* test-detail.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-initiative-detail.h"
#include "moisson-test-utils.h"

/* What the details say of an initiative's spread and of its age. */

/* The text of every visible label, in the order of the widgets, one a line. */
static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static char *
shown_text (MoissonInitiative *initiative,
            MoissonFeed       *feed)
{
  GtkWidget *detail = g_object_ref_sink (g_object_new (MOISSON_TYPE_INITIATIVE_DETAIL, NULL));
  g_autoptr(GString) text = g_string_new (NULL);

  moisson_initiative_detail_show (MOISSON_INITIATIVE_DETAIL (detail), initiative, feed, NULL, NULL);
  collect_labels (detail, text);
  g_object_unref (detail);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The timeline: origins then adopters by year, those without a year last;
 * « à vérifier » with the age of a record of 2020. */
static void
test_timeline_and_age (void)
{
  g_autoptr(MoissonFeed) feed = moisson_test_parse_data_file ("feed-spread.json");
  MoissonInitiative *platform = moisson_feed_find_by_id (feed, "plateforme");
  g_autofree char *text = shown_text (platform, feed);
  g_autofree char *age = moisson_initiative_dup_age_label (platform, NULL);
  g_autofree char *to_check = g_strdup_printf ("To check · %s\n", age);
  const char *timeline;

  g_assert_true (g_str_has_prefix (age, "Updated "));
  g_assert_nonnull (strstr (text, to_check));
  /* « Essaimé », from its adopters. */
  g_assert_nonnull (strstr (text, moisson_status_get_label (MOISSON_STATUS_SPREAD)));
  timeline = strstr (text, "How It Spread\n");
  g_assert_nonnull (timeline);
  g_assert_cmpstr (timeline, ==,
                   "How It Spread\n"
                   "2012\nDrôme (26) · started it\n"
                   "2012\nPuy-de-Dôme (63) · started it\n"
                   "2015\nFinistère (29) · took it up\n"
                   "2016\nNord (59) · took it up\n"
                   "—\nGironde (33) · took it up\n");
  g_assert_true (moisson_initiative_is_stale (platform, NULL));
}

/* A record without a spread or a date shows neither; a fresh one its age
 * without the mark. */
static void
test_without_spread (void)
{
  g_autoptr(MoissonFeed) feed = moisson_test_parse_data_file ("feed-spread.json");
  g_autofree char *old = shown_text (moisson_feed_find_by_id (feed, "ancien"), feed);
  g_autofree char *alone = shown_text (moisson_feed_find_by_id (feed, "seul"), feed);
  g_autofree char *age = moisson_initiative_dup_age_label (moisson_feed_find_by_id (feed, "ancien"), NULL);

  g_assert_null (strstr (old, "How It Spread"));
  g_assert_null (strstr (old, "To check"));
  g_assert_nonnull (strstr (old, age));
  g_assert_null (strstr (alone, "Updated"));
  g_assert_nonnull (strstr (alone, "How It Spread\n2019\nArdèche (07) · started it\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/detail/timeline-and-age", test_timeline_and_age);
  g_test_add_func ("/detail/without-spread", test_without_spread);

  return g_test_run ();
}
