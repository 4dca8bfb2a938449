/* test-import-assistant.c: the import assistant in a real X server (Xvfb
 * in CI): its counts follow the columns chosen, and « Import » gives the
 * mapping chosen.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "moisson-import-assistant.h"
#include "moisson-test-utils.h"

/* Rows 2 and 3 have no "nom"; row 3's INSEE code is unknown. */
static const char table[] =
  "nom,libelle_court,code_insee\n"
  "Tiers-lieu de Die,TL Die,26113\n"
  ",Fablab,07186\n"
  ",Atelier,99999\n"
  "Maison France services,MFS,2A004\n";

typedef struct
{
  MoissonImportAssistant *assistant;
  MoissonFeedMapping *imported;
  guint n_imports;
  gboolean destroyed;
} Fixture;

static GtkWidget *
child_of (Fixture    *fixture,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->assistant), MOISSON_TYPE_IMPORT_ASSISTANT,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
on_import_cb (MoissonImportAssistant *assistant,
              MoissonFeedMapping     *mapping,
              Fixture                *fixture)
{
  fixture->n_imports++;
  moisson_feed_mapping_free (fixture->imported);
  fixture->imported = moisson_feed_mapping_copy (mapping);
}

static void
on_destroy_cb (GtkWidget *widget,
               Fixture   *fixture)
{
  fixture->destroyed = TRUE;
}

static void
open_assistant (Fixture                  *fixture,
                const MoissonFeedMapping *initial)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (table, sizeof table - 1);

  fixture->assistant = moisson_import_assistant_new (NULL, "initiatives.csv", bytes, NULL, initial);
  g_signal_connect (fixture->assistant, "import", G_CALLBACK (on_import_cb), fixture);
  g_signal_connect (fixture->assistant, "destroy", G_CALLBACK (on_destroy_cb), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  open_assistant (fixture, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!fixture->destroyed)
    gtk_window_destroy (GTK_WINDOW (fixture->assistant));
  while (!fixture->destroyed)
    g_main_context_iteration (NULL, TRUE);
  moisson_feed_mapping_free (fixture->imported);
}

typedef struct
{
  Fixture *fixture;
  const char *text;
} CountsWait;

static gboolean
counts_are (gpointer data)
{
  CountsWait *wait = data;
  GtkWidget *spinner = child_of (wait->fixture, "count_spinner");

  return !gtk_widget_get_visible (spinner) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (child_of (wait->fixture, "counts_label"))), wait->text) == 0;
}

static void
wait_for_counts (Fixture    *fixture,
                 const char *text)
{
  CountsWait wait = { fixture, text };

  if (!moisson_test_wait_until (counts_are, &wait))
    g_error ("timed out waiting for the counts “%s”; they say “%s”", text,
             gtk_label_get_text (GTK_LABEL (child_of (fixture, "counts_label"))));
}

/* The label of the item selected in @drop_down. */
static const char *
selected_text (GtkWidget *drop_down)
{
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (drop_down)));
}

/* The reasons as "2 No title…|1 Unknown…". */
static char *
reasons_text (Fixture *fixture)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (child_of (fixture, "reasons_grid")); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int column;

      gtk_grid_query_child (GTK_GRID (child_of (fixture, "reasons_grid")), child, &column, NULL, NULL, NULL);
      if (column == 0 && text->len > 0)
        g_string_append_c (text, '|');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
      if (column == 0)
        g_string_append_c (text, ' ');
    }
  return g_string_free (text, FALSE);
}

/* The titles of the table's columns, joined by "|". */
static char *
column_titles_of (Fixture *fixture)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (child_of (fixture, "preview_view")));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", gtk_column_view_column_get_title (column));
    }
  return g_string_free (text, FALSE);
}

static gboolean
is_destroyed (gpointer data)
{
  return ((Fixture *) data)->destroyed;
}

static void
test_counts_follow_title (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *title = child_of (fixture, "title_drop_down");
  g_autofree char *reasons = NULL;
  g_autofree char *reasons_after = NULL;
  g_autofree char *column_titles = NULL;
  g_autofree char *column_titles_after = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->assistant)), ==, "Import “initiatives.csv”");
  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  reasons = reasons_text (fixture);
  g_assert_cmpstr (reasons, ==, "1 No title: the entry was not loaded.|1 Unknown INSEE code.");
  g_assert_cmpstr (selected_text (title), ==, "Automatic (nom)");
  g_assert_cmpstr (selected_text (child_of (fixture, "departement_drop_down")), ==,
                   "Automatic (code_insee, commune INSEE code)");
  g_assert_cmpstr (selected_text (child_of (fixture, "latitude_drop_down")), ==, "Automatic (none)");
  g_assert_true (gtk_widget_get_sensitive (child_of (fixture, "import_button")));
  column_titles = column_titles_of (fixture);
  g_assert_cmpstr (column_titles, ==, "nom (Title)|libelle_court|code_insee (Département)");

  /* Automatic, nom, libelle_court, code_insee. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (title), 2);
  g_assert_cmpstr (selected_text (title), ==, "libelle_court");
  wait_for_counts (fixture, "3 rows placed, 1 not placed");
  reasons_after = reasons_text (fixture);
  g_assert_cmpstr (reasons_after, ==, "1 Unknown INSEE code.");
  column_titles_after = column_titles_of (fixture);
  g_assert_cmpstr (column_titles_after, ==, "nom|libelle_court (Title)|code_insee (Département)");

  /* As the keyboard does: clicked once the button is seen pressed. */
  gtk_widget_activate (child_of (fixture, "import_button"));
  g_assert_true (moisson_test_wait_until (is_destroyed, fixture));
  g_assert_cmpuint (fixture->n_imports, ==, 1);
  g_assert_cmpstr (fixture->imported->title, ==, "libelle_court");
  g_assert_null (fixture->imported->departement);
  g_assert_null (fixture->imported->latitude);
  g_assert_null (fixture->imported->longitude);
}

/* Importing the guess names no column. */
static void
test_import_guess (Fixture       *fixture,
                   gconstpointer  data)
{
  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  /* As the keyboard does: clicked once the button is seen pressed. */
  gtk_widget_activate (child_of (fixture, "import_button"));
  g_assert_true (moisson_test_wait_until (is_destroyed, fixture));
  g_assert_cmpuint (fixture->n_imports, ==, 1);
  g_assert_true (moisson_feed_mapping_is_empty (fixture->imported));
}

/* A column chosen before is chosen again, and counted with. */
static void
test_initial_mapping (Fixture       *fixture,
                      gconstpointer  data)
{
  wait_for_counts (fixture, "3 rows placed, 1 not placed");
  g_assert_cmpstr (selected_text (child_of (fixture, "title_drop_down")), ==, "libelle_court");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (child_of (fixture, "departement_drop_down"))), ==, 0);
}

/* A mapping that places no row: « Import » is off until another is
 * chosen. */
static void
test_nothing_placed (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *title = child_of (fixture, "title_drop_down");

  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  /* code_insee as the title is no longer read for the département. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (title), 3);
  wait_for_counts (fixture, "0 rows placed, 4 not placed");
  g_assert_false (gtk_widget_get_sensitive (child_of (fixture, "import_button")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (title), 2);
  wait_for_counts (fixture, "3 rows placed, 1 not placed");
  g_assert_true (gtk_widget_get_sensitive (child_of (fixture, "import_button")));
}

static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (((Fixture *) data)->assistant));
}

/* Gives the dialog the keyboard: there is no window manager under Xvfb. */
static Display *
focus_assistant (Fixture *fixture)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (fixture->assistant));
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->assistant));

  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay);
  g_assert_true (moisson_test_wait_until (is_active, fixture));
  return xdisplay;
}

/* @keysym pressed, with @modifier held unless it is 0. */
static void
press_key (Display *xdisplay,
           KeySym   modifier,
           KeySym   keysym)
{
  if (modifier != 0)
    XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, modifier), True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, keysym), True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, keysym), False, CurrentTime);
  if (modifier != 0)
    XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, modifier), False, CurrentTime);
  XFlush (xdisplay);
}

/* Escape, through the X server, closes without importing. */
static void
test_escape_cancels (Fixture       *fixture,
                     gconstpointer  data)
{
  Display *xdisplay;

  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  xdisplay = focus_assistant (fixture);
  press_key (xdisplay, 0, XK_Escape);
  g_assert_true (moisson_test_wait_until (is_destroyed, fixture));
  g_assert_cmpuint (fixture->n_imports, ==, 0);
}

/* Return, the dialog just opened, imports: the focus is not on Cancel. */
static void
test_return_imports (Fixture       *fixture,
                     gconstpointer  data)
{
  Display *xdisplay;

  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  xdisplay = focus_assistant (fixture);
  press_key (xdisplay, 0, XK_Return);
  g_assert_true (moisson_test_wait_until (is_destroyed, fixture));
  g_assert_cmpuint (fixture->n_imports, ==, 1);
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data) || gtk_widget_get_focus_child (data) != NULL;
}

/* The focus is back on @drop_down's button, its list closed. */
static gboolean
list_closed (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);
  GtkWidget *focus = gtk_root_get_focus (root);

  return focus != NULL && gtk_widget_is_ancestor (focus, data) &&
         gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) == NULL;
}

/* Alt and the underlined letter of a role's label reach its drop-down. */
static void
test_mnemonics (Fixture       *fixture,
                gconstpointer  data)
{
  Display *xdisplay;

  wait_for_counts (fixture, "2 rows placed, 2 not placed");
  xdisplay = focus_assistant (fixture);
  /* The drop-down opens, as a combo box does. */
  press_key (xdisplay, XK_Alt_L, XK_o);
  g_assert_true (moisson_test_wait_until (has_focus, child_of (fixture, "longitude_drop_down")));
  /* Escape closes its list, not the dialog. */
  press_key (xdisplay, 0, XK_Escape);
  g_assert_true (moisson_test_wait_until (list_closed, child_of (fixture, "longitude_drop_down")));
  g_assert_false (fixture->destroyed);
}

/* A file that is no table says so, and cannot be imported. */
static void
test_not_a_table (void)
{
  static const char binary[] = "\x01\x02\x03\x04 not text";
  g_autoptr(GBytes) bytes = g_bytes_new_static (binary, sizeof binary - 1);
  MoissonImportAssistant *assistant = moisson_import_assistant_new (NULL, "image.png", bytes, NULL, NULL);
  GtkWidget *error_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (assistant),
                                                                      MOISSON_TYPE_IMPORT_ASSISTANT,
                                                                      "error_label"));

  while (!gtk_widget_get_visible (error_label))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The file holds binary data: it is neither a feed, GeoJSON, nor a CSV table.");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (assistant), MOISSON_TYPE_IMPORT_ASSISTANT, "import_button"))));
  gtk_window_destroy (GTK_WINDOW (assistant));
}

int
main (int   argc,
      char *argv[])
{
  static const MoissonFeedMapping short_titles = { "libelle_court", NULL, NULL, NULL };

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP not an X11 display\n");
      return 0;
    }

  g_test_add ("/import-assistant/counts-follow-title", Fixture, NULL, fixture_set_up, test_counts_follow_title,
              fixture_tear_down);
  g_test_add ("/import-assistant/import-guess", Fixture, NULL, fixture_set_up, test_import_guess, fixture_tear_down);
  g_test_add ("/import-assistant/initial-mapping", Fixture, &short_titles, fixture_set_up, test_initial_mapping,
              fixture_tear_down);
  g_test_add ("/import-assistant/nothing-placed", Fixture, NULL, fixture_set_up, test_nothing_placed,
              fixture_tear_down);
  g_test_add ("/import-assistant/escape-cancels", Fixture, NULL, fixture_set_up, test_escape_cancels,
              fixture_tear_down);
  g_test_add ("/import-assistant/return-imports", Fixture, NULL, fixture_set_up, test_return_imports,
              fixture_tear_down);
  g_test_add ("/import-assistant/mnemonics", Fixture, NULL, fixture_set_up, test_mnemonics, fixture_tear_down);
  g_test_add_func ("/import-assistant/not-a-table", test_not_a_table);

  return g_test_run ();
}
