/* test-similar-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-contribution-form.h"
#include "moisson-side-panel.h"
#include "moisson-team-directory.h"
#include "moisson-test-utils.h"
#include "moisson-window.h"

/* Before reinventing the wheel, in the window with the bundled sample:
 * « Déjà fait ailleurs ? » as a title is typed, « C'est la même », the
 * similar initiatives elsewhere in the details, and the directory of teams
 * with its exports. With MOISSON_SCREENSHOT_DIR set, it takes the README's
 * pictures there instead. */

static MoissonWindow *window;
static char *data_dir;

static gboolean
is_idle (gpointer data)
{
  return !moisson_window_is_loading (window) && !moisson_window_is_loading_feed (window) &&
         moisson_initiative_store_find_by_id (moisson_window_get_store (window), "agrilocal") != NULL;
}

static void
open_window (void)
{
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);

  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  moisson_window_load_boundaries (window, boundaries, NULL);
  moisson_window_load_feed (window, feed);
  g_assert_true (moisson_test_wait_until (is_idle, NULL));
}

static void
close_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  GPtrArray *all = moisson_contribution_store_get_all (contributions);

  while (all->len > 0)
    {
      g_autofree char *id = g_strdup (moisson_initiative_get_id (g_ptr_array_index (all, all->len - 1)));

      g_assert_true (moisson_contribution_store_remove (contributions, id, NULL));
    }
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("MOISSON_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  /* Transitions and the map's drawing threads end within a few frames. */
  for (guint i = 0; i < 40; i++)
    gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
  if (GTK_IS_BUILDABLE (widget) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The texts of the labels under @widget, one a line. */
static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static char *
texts_of (GtkWidget *widget)
{
  GString *texts = g_string_new (NULL);

  collect_texts (widget, texts);
  return g_string_free (texts, FALSE);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
test_form_suggests (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonContributionForm *form = moisson_side_panel_get_form (panel);
  GtkWidget *title = find_by_id (GTK_WIDGET (form), "title_entry");
  GtkWidget *similar_box = find_by_id (GTK_WIDGET (form), "similar_box");
  GtkWidget *similar_list = find_by_id (GTK_WIDGET (form), "similar_list");
  GtkWidget *first;
  g_autofree char *shown = NULL;
  g_autoptr(MoissonDraft) draft = NULL;
  MoissonInitiative *saved;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-initiative", NULL));
  g_assert_true (moisson_side_panel_is_editing (panel));
  g_assert_false (gtk_widget_get_visible (similar_box));

  /* A few letters are not enough to suggest anything. */
  gtk_editable_set_text (GTK_EDITABLE (title), "Pl");
  g_assert_false (gtk_widget_get_visible (similar_box));

  /* Typed in the Ardèche, the way the Drôme and the Puy-de-Dôme did it:
   * Agrilocal comes first, although its title shares no word. */
  moisson_contribution_form_toggle_departement (form, "07");
  gtk_editable_set_text (GTK_EDITABLE (title), "Plateforme restauration collective et fournisseurs agricol");
  g_assert_true (gtk_widget_get_visible (similar_box));
  g_assert_cmpuint (count_children (similar_list), >=, 1);
  g_assert_cmpuint (count_children (similar_list), <=, 3);
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (similar_list), 0));
  shown = texts_of (first);
  moisson_test_assert_contains (shown, "Agrilocal\n");
  moisson_test_assert_contains (shown, "Drôme");
  moisson_test_assert_contains (shown, "Puy-de-Dôme");
  g_assert_nonnull (find_button (first, "_Open"));

  /* « C'est la même »: the form now edits Agrilocal, with the Ardèche
   * added to its départements and the author kept. */
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (form), "author_entry")), "Camille");
  /* Any change asks again: the rows are new ones. */
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (similar_list), 0));
  g_signal_emit_by_name (find_button (first, "_It’s the Same"), "clicked");
  draft = moisson_contribution_form_dup_draft (form);
  g_assert_cmpstr (draft->id, ==, "agrilocal");
  g_assert_cmpstr (draft->title, ==, "Agrilocal");
  g_assert_cmpuint (g_strv_length (draft->departements), ==, 3);
  g_assert_cmpstr (draft->departements[0], ==, "26");
  g_assert_cmpstr (draft->departements[1], ==, "63");
  g_assert_cmpstr (draft->departements[2], ==, "07");
  g_assert_cmpstr (draft->summary, ==,
                   moisson_initiative_get_summary (moisson_initiative_store_find_by_id (moisson_window_get_store (window),
                                                                                      "agrilocal")));
  g_assert_cmpint (draft->kind, ==, MOISSON_KIND_PROJECT);
  g_assert_cmpstr (draft->author, ==, "Camille");
  /* Editing a known entry suggests nothing more. */
  g_assert_false (gtk_widget_get_visible (similar_box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (GTK_WIDGET (form), "heading_label"))), ==,
                   "Addition to “Agrilocal”");

  /* Saved, it is one contribution under Agrilocal's id, not a new entry. */
  g_assert_true (moisson_contribution_form_save (form));
  g_assert_cmpuint (moisson_contribution_store_get_all (moisson_window_get_contributions (window))->len, ==, 1);
  saved = moisson_contribution_store_lookup (moisson_window_get_contributions (window), "agrilocal");
  g_assert_nonnull (saved);
  g_assert_true (moisson_initiative_has_departement (saved, "07"));
  g_assert_true (moisson_initiative_has_departement (saved, "26"));
}

static void
test_similar_elsewhere (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GtkWidget *detail = GTK_WIDGET (moisson_side_panel_get_detail (panel));
  GtkWidget *similar_box = find_by_id (detail, "similar_box");
  GtkWidget *similar_list = find_by_id (detail, "similar_list");
  MoissonInitiativeStore *store = moisson_window_get_store (window);
  MoissonInitiative *lab = moisson_initiative_store_find_by_id (store, "lab-06");
  g_autofree char *shown = NULL;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-initiative", "s", "lab-06"));
  g_assert_true (moisson_side_panel_get_shown_initiative (panel) == lab);
  g_assert_true (gtk_widget_get_visible (similar_box));
  n = count_children (similar_list);
  g_assert_cmpuint (n, ==, 5);
  shown = texts_of (similar_list);
  /* None in the Alpes-Maritimes; each with its départements. */
  g_assert_null (strstr (shown, "Alpes-Maritimes"));
  moisson_test_assert_contains (shown, "Gironde (33)");
  /* In the order of the similarity index, built anew from the store. */
  {
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(MoissonSimilarIndex) index = NULL;
    g_autoptr(GArray) expected = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
      g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (store), i));
    index = moisson_similar_index_new (all);
    expected = moisson_similar_index_like (index, lab, 5);
    g_assert_cmpuint (expected->len, ==, n);
    for (guint i = 0; i < n; i++)
      {
        GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (similar_list), (int) i));
        MoissonInitiative *like = g_array_index (expected, MoissonSimilarMatch, i).initiative;

        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, moisson_initiative_get_title (like));
        g_assert_false (moisson_initiative_has_departement (like, "06"));
      }
  }
  /* Each opens its initiative. */
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (similar_list), 0));
    /* Copied: showing the other one rebuilds the rows. */
    g_autofree char *title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

    g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) != NULL);
    g_signal_emit_by_name (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)), "clicked");
    g_assert_cmpstr (moisson_initiative_get_title (moisson_side_panel_get_shown_initiative (panel)), ==, title);
  }
}

static void
test_directory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-directory-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "teams.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "teams.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lab_card = NULL;
  g_autoptr(GError) error = NULL;
  MoissonTeamDirectory *directory;
  GtkWidget *cards;
  GPtrArray *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.team-directory", NULL));
  directory = MOISSON_TEAM_DIRECTORY (moisson_window_open_team_directory (window));
  gtk_window_set_default_size (GTK_WINDOW (directory), 820, 900);
  shown = moisson_team_directory_get_shown (directory);
  g_assert_cmpuint (shown->len, ==, MOISSON_TEST_N_SAMPLE_TEAMS);
  cards = find_by_id (GTK_WIDGET (directory), "cards_box");
  g_assert_cmpuint (count_children (cards), ==, MOISSON_TEST_N_SAMPLE_TEAMS);
  for (guint i = 0; i < shown->len; i++)
    {
      GtkWidget *card = GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (cards), (int) i));

      g_assert_cmpstr (moisson_initiative_get_title (shown->pdata[i]), ==, moisson_test_sample_teams[i]);
      g_assert_nonnull (find_button (card, moisson_test_sample_teams[i]));
    }
  /* Lab 06 says its vision; its other headings invite completion. */
  lab_card = texts_of (GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (cards), 0)));
  moisson_test_assert_contains (lab_card, "Alpes-Maritimes (06)\n");
  moisson_test_assert_contains (lab_card, "Vision and values\nPromouvoir un état d’esprit");
  moisson_test_assert_contains (lab_card, "Methods\nto be completed\n");
  moisson_test_assert_contains (lab_card, "Contact\nto be completed\n");
  moisson_test_assert_contains (lab_card, "Initiatives carried\n");
  moisson_test_assert_contains (lab_card, "Source: Les départements, pionniers des démarches d’innovation publique");

  /* Searched like initiatives: accents and case do not matter. */
  moisson_team_directory_set_search (directory, "CELLULE isere");
  g_assert_cmpuint (moisson_team_directory_get_shown (directory)->len, ==, 1);
  g_assert_cmpuint (count_children (cards), ==, 1);
  moisson_team_directory_set_search (directory, "");
  g_assert_cmpuint (count_children (cards), ==, MOISSON_TEST_N_SAMPLE_TEAMS);

  /* Exported: a row a card; a page a card. */
  g_assert_true (moisson_team_directory_export_csv (directory, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  {
    g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, MOISSON_TEST_N_SAMPLE_TEAMS + 2);
  }
  g_assert_true (moisson_team_directory_export_booklet (directory, pdf, &error));
  g_assert_no_error (error);
  info = moisson_test_poppler ("pdfinfo", pdf);
  g_assert_cmpint (atoi (strstr (info, "Pages:") + strlen ("Pages:")), ==, (int) MOISSON_TEST_N_SAMPLE_TEAMS);
  text = moisson_test_poppler ("pdftotext", pdf);
  {
    g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

    g_assert_cmpuint (g_strv_length (pages), ==, MOISSON_TEST_N_SAMPLE_TEAMS + 1);
    moisson_test_assert_contains (pages[0], "Lab 06");
    moisson_test_assert_contains (pages[5], "Cellule innovation de l’Isère");
  }
  moisson_test_remove_dir (dir);

  /* A card opens its team in the window. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (cards), 1)),
                                      moisson_test_sample_teams[1]),
                         "clicked");
  g_assert_cmpstr (moisson_initiative_get_id (moisson_side_panel_get_shown_initiative (moisson_window_get_side_panel (window))),
                   ==, "calvados-innovation");
}

static void
collect_entries (GtkWidget *widget,
                 GPtrArray *entries)
{
  if (GTK_IS_ENTRY (widget))
    g_ptr_array_add (entries, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_entries (child, entries);
}

/* « Compléter la fiche »: the form edits the team with its portrait-robot;
 * saved, the directory's card shows what was filled in, and only once. */
static void
test_complete_team (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonContributionForm *form = moisson_side_panel_get_form (panel);
  GtkWidget *portrait_box = find_by_id (GTK_WIDGET (form), "portrait_box");
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  MoissonTeamDirectory *directory = MOISSON_TEAM_DIRECTORY (moisson_window_open_team_directory (window));
  GtkWidget *cards = find_by_id (GTK_WIDGET (directory), "cards_box");
  GtkWidget *lab_card = GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (cards), 0));
  g_autofree char *shown = NULL;
  g_autoptr(MoissonDraft) draft = NULL;
  MoissonInitiative *saved;

  g_assert_false (moisson_side_panel_is_editing (panel));
  g_signal_emit_by_name (find_button (lab_card, "_Complete This Card…"), "clicked");
  g_assert_true (moisson_side_panel_is_editing (panel));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (GTK_WIDGET (form), "heading_label"))), ==,
                   "Complete “Lab 06”");
  g_assert_true (gtk_widget_get_visible (portrait_box));
  collect_entries (portrait_box, entries);
  g_assert_cmpuint (entries->len, ==, 8);
  /* What the articles say is there; the rest waits for a pen. */
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (entries->pdata[0]), "Promouvoir un état d’esprit"));
  g_assert_cmpstr (gtk_editable_get_text (entries->pdata[2]), ==, "");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (entries->pdata[2]), ==, "to be completed");

  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "Des ateliers avec les agents");
  draft = moisson_contribution_form_dup_draft (form);
  g_assert_cmpstr (draft->id, ==, "lab-06");
  g_assert_cmpstr (draft->portrait->methods, ==, "Des ateliers avec les agents");
  g_assert_cmpuint (g_strv_length (draft->departements), ==, 1);
  g_assert_true (moisson_contribution_form_save (form));
  saved = moisson_contribution_store_lookup (moisson_window_get_contributions (window), "lab-06");
  g_assert_nonnull (saved);
  g_assert_cmpstr (moisson_initiative_get_portrait (saved)->methods, ==, "Des ateliers avec les agents");

  /* The directory follows: one card for the Lab, completed. */
  g_assert_cmpuint (count_children (cards), ==, MOISSON_TEST_N_SAMPLE_TEAMS);
  shown = texts_of (GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (cards), 0)));
  moisson_test_assert_contains (shown, "Methods\nDes ateliers avec les agents\n");
}

/* Pictures for the README, in French as the app speaks it there: the form
 * with its suggestions, the details with « Semblables ailleurs », the
 * directory. Only with MOISSON_SCREENSHOT_DIR set. */
static void
test_screenshots (void)
{
  MoissonContributionForm *form = moisson_side_panel_get_form (moisson_window_get_side_panel (window));
  GtkWindow *directory;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-initiative", NULL));
  moisson_contribution_form_toggle_departement (form, "07");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (form), "title_entry")),
                         "Circuits courts : les agriculteurs fournissent la restauration collective");
  save_screenshot (GTK_WIDGET (window), "form-suggestions.png");
  g_signal_emit_by_name (form, "cancelled");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-initiative", "s", "lab-06"));
  save_screenshot (GTK_WIDGET (window), "similar-elsewhere.png");

  directory = moisson_window_open_team_directory (window);
  gtk_window_set_default_size (directory, 860, 900);
  save_screenshot (GTK_WIDGET (directory), "team-directory.png");
}

static void
run_in_new_window (gconstpointer data)
{
  open_window ();
  ((void (*) (void)) data) ();
  close_window ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_dir = g_dir_make_tmp ("moisson-similar-cache-XXXXXX", NULL);
  int status;

  data_dir = g_dir_make_tmp ("moisson-similar-data-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MOISSON_SCREENSHOT_DIR") != NULL && setlocale (LC_ALL, "fr_FR.UTF-8") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, MOISSON_BUILD_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      gtk_disable_setlocale ();
    }
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  adw_init ();
  /* The app's style sheet, which AdwApplication would load. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/moisson/Moisson/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (g_getenv ("MOISSON_SCREENSHOT_DIR") != NULL)
    g_test_add_data_func ("/similar-window/screenshots", test_screenshots, run_in_new_window);
  else
    {
      g_test_add_data_func ("/similar-window/form-suggests", test_form_suggests, run_in_new_window);
      g_test_add_data_func ("/similar-window/similar-elsewhere", test_similar_elsewhere, run_in_new_window);
      g_test_add_data_func ("/similar-window/directory", test_directory, run_in_new_window);
      g_test_add_data_func ("/similar-window/complete-team", test_complete_team, run_in_new_window);
    }
  status = g_test_run ();
  moisson_test_remove_dir (cache_dir);
  moisson_test_remove_dir (data_dir);
  g_free (data_dir);
  return status;
}
