/* moisson-view-file.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-view-file.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <math.h>
#include <string.h>

#include "moisson-cleanups-private.h"

/* {"format": "moisson-view", "version": 1,
 *  "filters": {"search": "", "fields": [], "match_all_fields": false, "kinds": [],
 *              "statuses": [], "regions": [], "years": [first, last], "stale_only": false},
 *  "selected": "26", "view": {"center": [x, y], "zoom": 2.5},
 *  "feed_visible": true,
 *  "sources": [{"location": "…", "visible": true, "mapping": {"title": "nom", …}}]} */

G_DEFINE_QUARK (moisson-view-file-error-quark, moisson_view_file_error)

void
moisson_view_place_clear (MoissonViewPlace *place)
{
  g_return_if_fail (place != NULL);

  g_clear_pointer (&place->selected, g_free);
  g_clear_pointer (&place->sources, g_ptr_array_unref);
  place->has_view = FALSE;
  place->feed_hidden = FALSE;
}

void
moisson_view_source_free (MoissonViewSource *source)
{
  if (source == NULL)
    return;
  g_free (source->location);
  moisson_feed_mapping_free (source->mapping);
  g_free (source);
}

static const struct
{
  const char *key;
  gsize offset;
} mapping_members[] = {
  { "title", G_STRUCT_OFFSET (MoissonFeedMapping, title) },
  { "departement", G_STRUCT_OFFSET (MoissonFeedMapping, departement) },
  { "latitude", G_STRUCT_OFFSET (MoissonFeedMapping, latitude) },
  { "longitude", G_STRUCT_OFFSET (MoissonFeedMapping, longitude) },
};

static json_object *
sources_to_json (GPtrArray *sources)
{
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < sources->len; i++)
    {
      const MoissonViewSource *source = g_ptr_array_index (sources, i);
      json_object *object = json_object_new_object ();

      json_object_object_add (object, "location", json_object_new_string (source->location));
      json_object_object_add (object, "visible", json_object_new_boolean (source->visible));
      if (!moisson_feed_mapping_is_empty (source->mapping))
        {
          json_object *mapping = json_object_new_object ();

          for (guint m = 0; m < G_N_ELEMENTS (mapping_members); m++)
            {
              const char *column = G_STRUCT_MEMBER (const char *, source->mapping, mapping_members[m].offset);

              if (column != NULL)
                json_object_object_add (mapping, mapping_members[m].key, json_object_new_string (column));
            }
          json_object_object_add (object, "mapping", mapping);
        }
      json_object_array_add (array, object);
    }
  return array;
}

/* Entries without a location are skipped: the rest still opens. */
static GPtrArray *
sources_from_json (json_object *array)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_view_source_free);

  for (size_t i = 0; i < json_object_array_length (array); i++)
    {
      json_object *object = json_object_array_get_idx (array, i);
      json_object *value, *mapping;
      MoissonViewSource *source;

      if (!json_object_is_type (object, json_type_object) ||
          !json_object_object_get_ex (object, "location", &value) || !json_object_is_type (value, json_type_string) ||
          json_object_get_string_len (value) == 0)
        continue;
      source = g_new0 (MoissonViewSource, 1);
      source->location = g_strdup (json_object_get_string (value));
      source->visible = !json_object_object_get_ex (object, "visible", &value) || json_object_get_boolean (value);
      if (json_object_object_get_ex (object, "mapping", &mapping) && json_object_is_type (mapping, json_type_object))
        {
          MoissonFeedMapping chosen = { NULL };

          for (guint m = 0; m < G_N_ELEMENTS (mapping_members); m++)
            if (json_object_object_get_ex (mapping, mapping_members[m].key, &value) &&
                json_object_is_type (value, json_type_string))
              G_STRUCT_MEMBER (const char *, &chosen, mapping_members[m].offset) = json_object_get_string (value);
          source->mapping = moisson_feed_mapping_copy (&chosen);
        }
      g_ptr_array_add (sources, source);
    }
  return sources;
}

static json_object *
strv_to_array (char **values)
{
  json_object *array = json_object_new_array ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_object_array_add (array, json_object_new_string (values[i]));
  return array;
}

char *
moisson_view_file_serialize (MoissonFilter          *filter,
                             const MoissonViewPlace *place)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *filters = json_object_new_object ();
  json_object *kinds = json_object_new_array ();
  json_object *statuses = json_object_new_array ();
  json_object *years = json_object_new_array ();
  g_auto(GStrv) fields = moisson_filter_dup_fields (filter);
  g_auto(GStrv) regions = moisson_filter_dup_regions (filter);
  int first, last;

  g_return_val_if_fail (MOISSON_IS_FILTER (filter), NULL);

  json_object_object_add (root, "format", json_object_new_string ("moisson-view"));
  json_object_object_add (root, "version", json_object_new_int (1));

  json_object_object_add (filters, "search", json_object_new_string (moisson_filter_get_search_text (filter)));
  json_object_object_add (filters, "fields", strv_to_array (fields));
  json_object_object_add (filters, "match_all_fields", json_object_new_boolean (moisson_filter_get_match_all_fields (filter)));
  for (MoissonKind kind = MOISSON_KIND_PROJECT; kind <= MOISSON_KIND_NETWORK; kind++)
    if (moisson_filter_has_kind (filter, kind))
      json_object_array_add (kinds, json_object_new_string (moisson_kind_to_string (kind)));
  json_object_object_add (filters, "kinds", kinds);
  for (MoissonStatus status = MOISSON_STATUS_IDEA; status <= MOISSON_STATUS_ENDED; status++)
    if (moisson_filter_has_status (filter, status))
      json_object_array_add (statuses, json_object_new_string (moisson_status_to_string (status)));
  json_object_object_add (filters, "statuses", statuses);
  {
    json_object *reviews = json_object_new_array ();

    for (MoissonReview review = MOISSON_REVIEW_PENDING; review <= MOISSON_REVIEW_REJECTED; review++)
      if (moisson_filter_has_review (filter, review))
        json_object_array_add (reviews, json_object_new_string (moisson_review_to_string (review)));
    json_object_object_add (filters, "reviews", reviews);
  }
  json_object_object_add (filters, "regions", strv_to_array (regions));
  moisson_filter_get_years (filter, &first, &last);
  json_object_array_add (years, first ? json_object_new_int (first) : NULL);
  json_object_array_add (years, last ? json_object_new_int (last) : NULL);
  json_object_object_add (filters, "years", years);
  /* Written only when on: a file without it means off, as before. */
  if (moisson_filter_get_stale_only (filter))
    json_object_object_add (filters, "stale_only", json_object_new_boolean (TRUE));
  json_object_object_add (root, "filters", filters);

  if (place != NULL && place->selected != NULL)
    json_object_object_add (root, "selected", json_object_new_string (place->selected));
  if (place != NULL && place->has_view)
    {
      json_object *view = json_object_new_object ();
      json_object *center = json_object_new_array ();

      json_object_array_add (center, json_object_new_double (place->center_x));
      json_object_array_add (center, json_object_new_double (place->center_y));
      json_object_object_add (view, "center", center);
      json_object_object_add (view, "zoom", json_object_new_double (place->zoom));
      json_object_object_add (root, "view", view);
    }
  if (place != NULL && place->sources != NULL)
    {
      json_object_object_add (root, "feed_visible", json_object_new_boolean (!place->feed_hidden));
      json_object_object_add (root, "sources", sources_to_json (place->sources));
    }

  return g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, MOISSON_VIEW_FILE_ERROR, MOISSON_VIEW_FILE_ERROR_INVALID,
               _("This is not a Moisson view: %s."), what);
  return FALSE;
}

static gboolean
each_string (json_object *object,
             const char  *key,
             void       (*apply) (MoissonFilter *, const char *),
             MoissonFilter *filter)
{
  json_object *array;

  if (!json_object_object_get_ex (object, key, &array) || json_object_is_type (array, json_type_null))
    return TRUE;
  if (!json_object_is_type (array, json_type_array))
    return FALSE;
  for (size_t i = 0; i < json_object_array_length (array); i++)
    {
      json_object *item = json_object_array_get_idx (array, i);

      if (!json_object_is_type (item, json_type_string))
        return FALSE;
      apply (filter, json_object_get_string (item));
    }
  return TRUE;
}

static void
apply_field (MoissonFilter *filter, const char *value)
{
  moisson_filter_set_field (filter, value, TRUE);
}

static void
apply_kind (MoissonFilter *filter, const char *value)
{
  MoissonKind kind = moisson_kind_from_string (value);

  if (kind != MOISSON_KIND_UNKNOWN)
    moisson_filter_set_kind (filter, kind, TRUE);
}

static void
apply_status (MoissonFilter *filter, const char *value)
{
  MoissonStatus status = moisson_status_from_string (value);

  if (status != MOISSON_STATUS_UNKNOWN)
    moisson_filter_set_status (filter, status, TRUE);
}

static void
apply_review (MoissonFilter *filter, const char *value)
{
  moisson_filter_set_review (filter, moisson_review_from_string (value), TRUE);
}

static void
apply_region (MoissonFilter *filter, const char *value)
{
  moisson_filter_set_region (filter, value, TRUE);
}

static int
year_at (json_object *years,
         size_t       index)
{
  json_object *value = json_object_array_get_idx (years, index);

  if (!json_object_is_type (value, json_type_int))
    return 0;
  return CLAMP (json_object_get_int (value), 0, 9999);
}

/**
 * moisson_view_file_parse:
 * @filter: receives the criteria, replacing its own
 * @place: receives the selection and the view; clear it after
 *
 * Returns: %FALSE with @error set, and @filter and @place untouched, when
 *   the text is not a view
 */
gboolean
moisson_view_file_parse (const char        *data,
                         gssize             length,
                         MoissonFilter     *filter,
                         MoissonViewPlace  *place,
                         GError           **error)
{
  g_autoptr(json_object) root = NULL;
  g_autoptr(MoissonFilter) parsed = moisson_filter_new ();
  json_tokener *tokener;
  json_object *filters, *value, *view;
  MoissonViewPlace result = { NULL, FALSE, 0, 0, 1, NULL, FALSE };

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (MOISSON_IS_FILTER (filter), FALSE);
  g_return_val_if_fail (place != NULL, FALSE);

  if (length < 0)
    length = strlen (data);
  /* Moisson writes UTF-8; anything else is another file, and its bytes must
   * not reach the search folding or the labels. */
  if (!g_utf8_validate_len (data, length, NULL))
    return invalid (error, _("it is not UTF-8 text"));
  tokener = json_tokener_new ();
  root = json_tokener_parse_ex (tokener, data, (int) MIN (length, G_MAXINT));
  if (json_tokener_get_error (tokener) != json_tokener_success)
    g_clear_pointer (&root, json_object_put);
  json_tokener_free (tokener);

  if (root == NULL || !json_object_is_type (root, json_type_object))
    return invalid (error, _("it is not a JSON object"));
  if (!json_object_object_get_ex (root, "format", &value) ||
      g_strcmp0 (json_object_get_string (value), "moisson-view") != 0)
    return invalid (error, _("its format is not “moisson-view”"));

  if (json_object_object_get_ex (root, "filters", &filters))
    {
      if (!json_object_is_type (filters, json_type_object))
        return invalid (error, _("“filters” is not an object"));
      if (json_object_object_get_ex (filters, "search", &value) && json_object_is_type (value, json_type_string))
        moisson_filter_set_search_text (parsed, json_object_get_string (value));
      if (json_object_object_get_ex (filters, "match_all_fields", &value))
        moisson_filter_set_match_all_fields (parsed, json_object_get_boolean (value));
      if (!each_string (filters, "fields", apply_field, parsed) ||
          !each_string (filters, "kinds", apply_kind, parsed) ||
          !each_string (filters, "statuses", apply_status, parsed) ||
          !each_string (filters, "reviews", apply_review, parsed) ||
          !each_string (filters, "regions", apply_region, parsed))
        return invalid (error, _("a list of filters holds something else than texts"));
      if (json_object_object_get_ex (filters, "years", &value) && json_object_is_type (value, json_type_array) &&
          json_object_array_length (value) == 2)
        moisson_filter_set_years (parsed, year_at (value, 0), year_at (value, 1));
      if (json_object_object_get_ex (filters, "stale_only", &value))
        moisson_filter_set_stale_only (parsed, json_object_get_boolean (value));
    }

  if (json_object_object_get_ex (root, "selected", &value) && json_object_is_type (value, json_type_string))
    result.selected = g_strdup (json_object_get_string (value));

  if (json_object_object_get_ex (root, "view", &view) && json_object_is_type (view, json_type_object))
    {
      json_object *center;

      if (json_object_object_get_ex (view, "center", &center) && json_object_is_type (center, json_type_array) &&
          json_object_array_length (center) == 2 && json_object_object_get_ex (view, "zoom", &value))
        {
          result.center_x = json_object_get_double (json_object_array_get_idx (center, 0));
          result.center_y = json_object_get_double (json_object_array_get_idx (center, 1));
          result.zoom = json_object_get_double (value);
          result.has_view = isfinite (result.center_x) && isfinite (result.center_y) &&
                            isfinite (result.zoom) && result.zoom > 0;
        }
    }

  if (json_object_object_get_ex (root, "sources", &value) && json_object_is_type (value, json_type_array))
    {
      result.sources = sources_from_json (value);
      result.feed_hidden = json_object_object_get_ex (root, "feed_visible", &value) &&
                           json_object_is_type (value, json_type_boolean) && !json_object_get_boolean (value);
    }

  /* Only now, all read: replace the criteria in one go. */
  moisson_filter_copy_from (filter, parsed);
  moisson_view_place_clear (place);
  *place = result;
  return TRUE;
}
