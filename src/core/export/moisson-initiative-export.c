/* moisson-initiative-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative-export.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-export-private.h"
#include "moisson-file.h"

/* The initiatives of the list, as the user filtered them, for other tools:
 * CSV for spreadsheets, GeoJSON for maps (uMap, QGIS), and Moisson's own
 * feed format, which Moisson reopens as a feed. */

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  g_autofree char *title_a = g_utf8_casefold (moisson_initiative_get_title ((MoissonInitiative *) a), -1);
  g_autofree char *title_b = g_utf8_casefold (moisson_initiative_get_title ((MoissonInitiative *) b), -1);

  return g_utf8_collate (title_a, title_b);
}

/**
 * moisson_initiatives_select:
 * @criteria: (nullable): only the initiatives that match them
 * @departement_code: (nullable): only the initiatives in this département
 *
 * What the side panel lists, in its first order (by title), for exports
 * made without a window.
 *
 * Returns: (transfer full): a GListModel of MoissonInitiative
 */
GListModel *
moisson_initiatives_select (GListModel    *initiatives,
                            MoissonFilter *criteria,
                            const char    *departement_code)
{
  GListStore *selected = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  n = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);

      if ((departement_code == NULL || moisson_initiative_has_departement (initiative, departement_code)) &&
          (criteria == NULL || moisson_filter_match (criteria, initiative)))
        g_list_store_insert_sorted (selected, initiative, compare_titles, NULL);
    }
  return G_LIST_MODEL (selected);
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break, quotes
 * doubled. Leading and trailing spaces are quoted too, as spreadsheets
 * would drop them. */
static void
append_csv_field (GString    *csv,
                  const char *text)
{
  gsize length;

  if (text == NULL)
    text = "";
  length = strlen (text);
  if (strpbrk (text, ",\"\r\n") == NULL && (length == 0 || (text[0] != ' ' && text[length - 1] != ' ')))
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *c);
    }
  g_string_append_c (csv, '"');
}

/* A cell of a feed's text that starts like a formula is opened by
 * spreadsheets as one — "=HYPERLINK(…)" from a feed off the network would
 * run on the agent's computer. An apostrophe in front keeps it text. */
static gboolean
looks_like_formula (const char *text)
{
  return text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
}

static void
append_csv_row (GString            *csv,
                const char * const *values,
                guint               n_values,
                guint64             numbers)
{
  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      if ((numbers & (G_GUINT64_CONSTANT (1) << i)) == 0 && looks_like_formula (values[i]))
        {
          g_autofree char *quoted = g_strconcat ("'", values[i], NULL);

          append_csv_field (csv, quoted);
        }
      else
        append_csv_field (csv, values[i]);
    }
  g_string_append (csv, "\r\n");
}

void
_moisson_export_append_csv_row (GString            *csv,
                                const char * const *values,
                                guint               n_values)
{
  append_csv_row (csv, values, n_values, 0);
}

static char *
join (const char * const *values)
{
  return values != NULL ? g_strjoinv ("; ", (char **) values) : g_strdup ("");
}

static char *
join_mapped (const char * const *values,
             const char *      (*map) (gpointer data, const char *value),
             gpointer            data)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      const char *mapped = map (data, values[i]);

      if (joined->len > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, mapped != NULL ? mapped : values[i]);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static const char *
departement_name (gpointer    atlas,
                  const char *code)
{
  MoissonDepartement *departement = atlas != NULL ? moisson_atlas_lookup (atlas, code) : NULL;

  return departement != NULL ? moisson_departement_get_name (departement) : NULL;
}

static const char *
field_label (gpointer    feed,
             const char *id)
{
  const MoissonField *field = feed != NULL ? moisson_feed_lookup_field (feed, id) : NULL;

  return field != NULL ? field->label : NULL;
}

/**
 * moisson_initiatives_to_csv:
 * @initiatives: a GListModel of MoissonInitiative, in the order to write
 * @feed: (nullable): for the labels of the fields
 * @atlas: (nullable): for the names of the départements
 *
 * One row per initiative under a header row; lists (départements, fields,
 * actors…) joined with "; " in one cell. UTF-8 with a byte order mark and
 * CRLF line ends: the BOM is how LibreOffice and Excel recognise UTF-8
 * whatever the system's charset, so « Drôme » never shows as « DrÃ´me ».
 * Text that a spreadsheet would take for a formula gets an apostrophe in
 * front.
 *
 * Returns: (transfer full): the CSV text
 */
char *
moisson_initiatives_to_csv (GListModel   *initiatives,
                            MoissonFeed  *feed,
                            MoissonAtlas *atlas)
{
  const char *header[] = {
    _("Identifier"), _("Title"), _("Départements"), _("Département names"), _("Fields"), _("Kind"),
    _("Status"), _("Year"), _("Summary"), _("Description"), _("Actors"), _("Partners"), _("Tags"),
    _("Contact"), _("Links"), _("Latitude"), _("Longitude"), _("Source"), _("Source address"), _("Updated"),
  };
  GString *csv = g_string_new ("\xef\xbb\xbf");
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  append_csv_row (csv, header, G_N_ELEMENTS (header), 0);
  n = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);
      const char * const *departements = moisson_initiative_get_departements (initiative);
      g_autofree char *codes = join (departements);
      g_autofree char *names = join_mapped (departements, departement_name, atlas);
      g_autofree char *fields = join_mapped (moisson_initiative_get_fields (initiative), field_label, feed);
      g_autofree char *actors = join (moisson_initiative_get_actors (initiative));
      g_autofree char *partners = join (moisson_initiative_get_partners (initiative));
      g_autofree char *tags = join (moisson_initiative_get_tags (initiative));
      g_autofree char *year = NULL;
      g_autoptr(GString) links = g_string_new (NULL);
      char lat[G_ASCII_DTOSTR_BUF_SIZE] = "", lon[G_ASCII_DTOSTR_BUF_SIZE] = "";
      double longitude, latitude;
      MoissonKind kind = moisson_initiative_get_kind (initiative);
      MoissonStatus status = moisson_initiative_get_status (initiative);

      if (moisson_initiative_get_year (initiative) > 0)
        year = g_strdup_printf ("%d", moisson_initiative_get_year (initiative));
      for (guint k = 0; k < moisson_initiative_get_n_links (initiative); k++)
        g_string_append_printf (links, "%s%s", links->len > 0 ? "; " : "",
                                moisson_initiative_get_link (initiative, k)->url);
      if (moisson_initiative_get_location (initiative, &longitude, &latitude))
        {
          g_ascii_formatd (lat, sizeof lat, "%.6f", latitude);
          g_ascii_formatd (lon, sizeof lon, "%.6f", longitude);
        }

      {
        const char *row[] = {
          moisson_initiative_get_id (initiative),
          moisson_initiative_get_title (initiative),
          codes, names, fields,
          kind != MOISSON_KIND_UNKNOWN ? moisson_kind_get_label (kind) : NULL,
          status != MOISSON_STATUS_UNKNOWN ? moisson_status_get_label (status) : NULL,
          year,
          moisson_initiative_get_summary (initiative),
          moisson_initiative_get_description (initiative),
          actors, partners, tags,
          moisson_initiative_get_contact (initiative),
          links->str, lat, lon,
          moisson_initiative_get_source (initiative),
          moisson_initiative_get_source_url (initiative),
          moisson_initiative_get_updated (initiative),
        };

        G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (header));
        /* Year, latitude, longitude: numbers of ours, signs and all. */
        append_csv_row (csv, row, G_N_ELEMENTS (row), (1 << 7) | (1 << 15) | (1 << 16));
      }
    }
  return g_string_free (csv, FALSE);
}

static void
add_string (json_object *object,
            const char  *key,
            const char  *value)
{
  if (value != NULL && *value != '\0')
    json_object_object_add (object, key, json_object_new_string (value));
}

static json_object *
new_string_array (const char * const *values)
{
  json_object *array = json_object_new_array ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_object_array_add (array, json_object_new_string (values[i]));
  return array;
}

/**
 * moisson_initiatives_to_geojson:
 *
 * A FeatureCollection with one Feature per initiative of the list. An
 * initiative placed by its address is a Point; one known only by its
 * départements has a null geometry (RFC 7946, 3.2) rather than an invented
 * point at a centroid: mapping tools skip it, spreadsheets and GIS tables
 * keep it, and nobody mistakes a département's middle for an address.
 * Moisson reads the file back as a feed.
 *
 * Returns: (transfer full): the GeoJSON text
 */
char *
moisson_initiatives_to_geojson (GListModel *initiatives)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *features = json_object_new_array ();
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  json_object_object_add (root, "type", json_object_new_string ("FeatureCollection"));
  n = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);
      json_object *feature = json_object_new_object ();
      json_object *properties = json_object_new_object ();
      double lon, lat;
      MoissonKind kind = moisson_initiative_get_kind (initiative);
      MoissonStatus status = moisson_initiative_get_status (initiative);

      json_object_object_add (feature, "type", json_object_new_string ("Feature"));
      json_object_object_add (feature, "id", json_object_new_string (moisson_initiative_get_id (initiative)));
      if (moisson_initiative_get_location (initiative, &lon, &lat))
        {
          json_object *point = json_object_new_object ();
          json_object *coordinates = json_object_new_array ();

          json_object_array_add (coordinates, json_object_new_double (lon));
          json_object_array_add (coordinates, json_object_new_double (lat));
          json_object_object_add (point, "type", json_object_new_string ("Point"));
          json_object_object_add (point, "coordinates", coordinates);
          json_object_object_add (feature, "geometry", point);
        }
      else
        json_object_object_add (feature, "geometry", NULL);

      add_string (properties, "title", moisson_initiative_get_title (initiative));
      add_string (properties, "summary", moisson_initiative_get_summary (initiative));
      add_string (properties, "description", moisson_initiative_get_description (initiative));
      json_object_object_add (properties, "departements",
                              new_string_array (moisson_initiative_get_departements (initiative)));
      json_object_object_add (properties, "fields", new_string_array (moisson_initiative_get_fields (initiative)));
      if (kind != MOISSON_KIND_UNKNOWN)
        add_string (properties, "kind", moisson_kind_to_string (kind));
      if (status != MOISSON_STATUS_UNKNOWN)
        add_string (properties, "status", moisson_status_to_string (status));
      if (moisson_initiative_get_year (initiative) > 0)
        json_object_object_add (properties, "year", json_object_new_int (moisson_initiative_get_year (initiative)));
      if (moisson_initiative_get_n_links (initiative) > 0)
        add_string (properties, "url", moisson_initiative_get_link (initiative, 0)->url);
      json_object_object_add (feature, "properties", properties);
      json_object_array_add (features, feature);
    }
  json_object_object_add (root, "features", features);

  return g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

/**
 * moisson_initiatives_to_feed:
 * @feed: (nullable): whose taxonomy of fields to include
 *
 * Returns: (transfer full): the initiatives as a Moisson feed, every member
 *   kept, which Moisson opens as it opens any feed
 */
char *
moisson_initiatives_to_feed (GListModel  *initiatives,
                             MoissonFeed *feed,
                             const char  *title)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  n = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (initiatives, i));
  return moisson_feed_serialize (items, feed != NULL ? moisson_feed_get_fields (feed) : NULL, title);
}

/**
 * moisson_initiatives_export:
 * @format: CSV, GeoJSON or a feed (JSON)
 *
 * Writes crash-safely: on failure no file, not even part of one, is left
 * at @path.
 */
gboolean
moisson_initiatives_export (GListModel           *initiatives,
                            MoissonFeed          *feed,
                            MoissonAtlas         *atlas,
                            MoissonExportFormat   format,
                            const char           *path,
                            GError              **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (format)
    {
    case MOISSON_EXPORT_FORMAT_CSV:
      text = moisson_initiatives_to_csv (initiatives, feed, atlas);
      break;
    case MOISSON_EXPORT_FORMAT_GEOJSON:
      text = moisson_initiatives_to_geojson (initiatives);
      break;
    case MOISSON_EXPORT_FORMAT_FEED:
      text = moisson_initiatives_to_feed (initiatives, feed,
                                          feed != NULL ? moisson_feed_get_title (feed) : NULL);
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Initiatives are exported as CSV, GeoJSON or JSON, not as “%s”."), path);
      return FALSE;
    }

  if (!moisson_file_write_atomically (path, text, strlen (text), 0644, error))
    {
      g_prefix_error (error, _("The initiatives cannot be written to “%s”: "), path);
      return FALSE;
    }
  return TRUE;
}
