/* moisson-feed-preview.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-feed-preview.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <string.h>

#include "moisson-atlas.h"
#include "moisson-cleanups-private.h"
#include "moisson-feed-private.h"

/* What the import assistant shows of a file before it is imported: its
 * columns, its first rows, the columns the reading would take for each
 * role, and what a mapping makes of it, counted by the reading itself. */

/* A GeoJSON file's columns are the members of its features' properties:
 * those of the first features, and not without end. */
#define MAX_FEATURES_FOR_COLUMNS 1000
#define MAX_JSON_COLUMNS 200
/* A cell is shown on one line of a table. */
#define MAX_CELL_CHARS 200
/* The reasons a count lists, the most common first. */
#define MAX_REASONS 6
#define MAX_DEPTH 64

struct _MoissonFeedPreview
{
  GObject parent_instance;

  GBytes *data;
  char *location;           /* the file the bytes were read from, or NULL */
  MoissonFeedPreviewKind kind;
  GStrv columns;
  GPtrArray *rows;          /* GStrv, a cell per column */
  guint n_rows;
  int guesses[MOISSON_FEED_N_ROLES];
  MoissonFeedReference reference;
};

G_DEFINE_FINAL_TYPE (MoissonFeedPreview, moisson_feed_preview, G_TYPE_OBJECT)

struct _MoissonFeedCount
{
  gatomicrefcount ref_count;
  guint placed;
  guint not_placed;
  GPtrArray *reasons;       /* MoissonFeedReason */
};

G_DEFINE_BOXED_TYPE (MoissonFeedCount, moisson_feed_count, moisson_feed_count_ref, moisson_feed_count_unref)

/* The column of @role in @mapping, as a place to change. */
static const char **
mapping_column (MoissonFeedMapping *mapping,
                MoissonFeedRole     role)
{
  switch (role)
    {
    case MOISSON_FEED_ROLE_TITLE:
      return &mapping->title;
    case MOISSON_FEED_ROLE_DEPARTEMENT:
      return &mapping->departement;
    case MOISSON_FEED_ROLE_LATITUDE:
      return &mapping->latitude;
    case MOISSON_FEED_ROLE_LONGITUDE:
      return &mapping->longitude;
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A cell as one line of text, not too long to show. */
static char *
cell_text (const char *text,
           gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  char *cell;

  if (g_utf8_strlen (valid, -1) > MAX_CELL_CHARS)
    {
      g_autofree char *start = g_utf8_substring (valid, 0, MAX_CELL_CHARS);

      cell = g_strconcat (start, "…", NULL);
    }
  else
    cell = g_steal_pointer (&valid);
  return g_strdelimit (cell, "\r\n\t", ' ');
}

static char *
json_cell (json_object *value)
{
  const char *text;

  if (value == NULL || json_object_is_type (value, json_type_null))
    return g_strdup ("");
  if (json_object_is_type (value, json_type_string))
    return cell_text (json_object_get_string (value), json_object_get_string_len (value));
  text = json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  return cell_text (text, strlen (text));
}

/* The entries of a GeoJSON FeatureCollection or of a feed, and what each
 * holds: its properties, or the entry itself. */
static gboolean
read_json (MoissonFeedPreview  *self,
           const char          *data,
           gsize                length,
           GError             **error)
{
  json_tokener *tokener;
  g_autoptr(json_object) root = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  json_object *entries = NULL;
  enum json_tokener_error failure;
  gsize n_entries, offset;

  if (length > G_MAXINT)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE, _("The feed is too large."));
      return FALSE;
    }
  tokener = json_tokener_new_ex (MAX_DEPTH);
  root = json_tokener_parse_ex (tokener, data, (int) length);
  failure = json_tokener_get_error (tokener);
  offset = MIN ((gsize) json_tokener_get_parse_end (tokener), length);
  json_tokener_free (tokener);
  if (failure == json_tokener_continue)
    failure = json_tokener_error_parse_eof;
  if (root == NULL || failure != json_tokener_success)
    {
      int line = 1, column = 1;

      for (gsize i = 0; i < offset; i++)
        {
          column = data[i] == '\n' ? 1 : column + 1;
          line += data[i] == '\n';
        }
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX,
                   _("The feed is not valid JSON: %s, at line %d, column %d."),
                   json_tokener_error_desc (failure), line, column);
      return FALSE;
    }

  if (json_object_is_type (root, json_type_object) &&
      g_strcmp0 (json_object_get_string (json_object_object_get (root, "type")), "FeatureCollection") == 0 &&
      json_object_object_get_ex (root, "features", &entries) && json_object_is_type (entries, json_type_array))
    self->kind = MOISSON_FEED_PREVIEW_GEOJSON;
  else if (json_object_is_type (root, json_type_object) &&
           json_object_object_get_ex (root, "initiatives", &entries) &&
           json_object_is_type (entries, json_type_array))
    self->kind = MOISSON_FEED_PREVIEW_FEED;
  else
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("The feed is valid JSON but has no list of “initiatives”, and is not a GeoJSON FeatureCollection."));
      return FALSE;
    }

  n_entries = json_object_array_length (entries);
  self->n_rows = (guint) MIN (n_entries, G_MAXUINT);
  for (gsize i = 0; i < MIN (n_entries, MAX_FEATURES_FOR_COLUMNS); i++)
    {
      json_object *members = json_object_array_get_idx (entries, i);

      if (self->kind == MOISSON_FEED_PREVIEW_GEOJSON && json_object_is_type (members, json_type_object))
        members = json_object_object_get (members, "properties");
      if (!json_object_is_type (members, json_type_object))
        continue;
      json_object_object_foreach (members, key, value)
        {
          (void) value;
          if (columns->len < MAX_JSON_COLUMNS && !g_hash_table_contains (seen, key))
            {
              char *name = g_strdup (key);

              g_ptr_array_add (columns, name);
              g_hash_table_add (seen, name);
            }
        }
    }

  for (gsize i = 0; i < MIN (n_entries, MOISSON_FEED_PREVIEW_ROWS); i++)
    {
      json_object *members = json_object_array_get_idx (entries, i);
      GStrv row = g_new0 (char *, columns->len + 1);

      if (self->kind == MOISSON_FEED_PREVIEW_GEOJSON && json_object_is_type (members, json_type_object))
        members = json_object_object_get (members, "properties");
      for (guint c = 0; c < columns->len; c++)
        row[c] = json_cell (json_object_is_type (members, json_type_object)
                              ? json_object_object_get (members, g_ptr_array_index (columns, c))
                              : NULL);
      g_ptr_array_add (self->rows, row);
    }
  g_ptr_array_add (columns, NULL);
  self->columns = (GStrv) g_ptr_array_steal (columns, NULL);
  return TRUE;
}

/* For each role, the column the reading tries first, of those filled in
 * the rows shown; else of all. */
static void
guess_columns (MoissonFeedPreview *self)
{
  guint best_rank[MOISSON_FEED_N_ROLES] = { 0 };
  gboolean best_filled[MOISSON_FEED_N_ROLES] = { FALSE };
  MoissonFeedReference references[MOISSON_FEED_N_ROLES] = { 0 };

  for (guint r = 0; r < MOISSON_FEED_N_ROLES; r++)
    self->guesses[r] = -1;
  /* Members of a feed are read by their names in the format, not mapped. */
  if (self->kind == MOISSON_FEED_PREVIEW_FEED)
    return;
  for (guint c = 0; self->columns[c] != NULL; c++)
    {
      MoissonFeedRole role;
      MoissonFeedReference reference = MOISSON_FEED_REFERENCE_NONE;
      guint rank = _moisson_feed_guess_key (self->columns[c], &role, &reference);
      gboolean filled = FALSE;

      if (rank == 0)
        continue;
      for (guint i = 0; i < self->rows->len && !filled; i++)
        filled = *((char **) g_ptr_array_index (self->rows, i))[c] != '\0';
      if (self->guesses[role] < 0 || (filled && !best_filled[role]) ||
          (filled == best_filled[role] && rank < best_rank[role]))
        {
          self->guesses[role] = (int) c;
          best_rank[role] = rank;
          best_filled[role] = filled;
          references[role] = reference;
        }
    }
  self->reference = references[MOISSON_FEED_ROLE_DEPARTEMENT];
}

static void
moisson_feed_preview_finalize (GObject *object)
{
  MoissonFeedPreview *self = MOISSON_FEED_PREVIEW (object);

  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->location);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (moisson_feed_preview_parent_class)->finalize (object);
}

static void
moisson_feed_preview_class_init (MoissonFeedPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moisson_feed_preview_finalize;
}

static void
moisson_feed_preview_init (MoissonFeedPreview *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

/**
 * moisson_feed_mapping_get_column:
 *
 * Returns: (nullable): the column @mapping names for @role; %NULL when the
 *   reading finds it by its name
 */
const char *
moisson_feed_mapping_get_column (const MoissonFeedMapping *mapping,
                                 MoissonFeedRole           role)
{
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (role < MOISSON_FEED_N_ROLES, NULL);
  return *mapping_column ((MoissonFeedMapping *) mapping, role);
}

/**
 * moisson_feed_mapping_set_column:
 * @mapping: made by moisson_feed_mapping_copy ()
 * @column: (nullable): %NULL or "" to leave the role to the names of the
 *   columns
 */
void
moisson_feed_mapping_set_column (MoissonFeedMapping *mapping,
                                 MoissonFeedRole     role,
                                 const char         *column)
{
  const char **place;

  g_return_if_fail (mapping != NULL);
  g_return_if_fail (role < MOISSON_FEED_N_ROLES);
  place = mapping_column (mapping, role);
  g_free ((char *) *place);
  *place = column != NULL && *column != '\0' ? g_strdup (column) : NULL;
}

static void
free_reason (MoissonFeedReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->reason);
  g_free (reason);
}

MoissonFeedCount *
moisson_feed_count_ref (MoissonFeedCount *count)
{
  g_return_val_if_fail (count != NULL, NULL);
  g_atomic_ref_count_inc (&count->ref_count);
  return count;
}

void
moisson_feed_count_unref (MoissonFeedCount *count)
{
  g_return_if_fail (count != NULL);
  if (!g_atomic_ref_count_dec (&count->ref_count))
    return;
  g_ptr_array_unref (count->reasons);
  g_free (count);
}

/**
 * moisson_feed_count_get_placed:
 *
 * Returns: how many rows (or features, or entries) are placed in a
 *   département, and would be imported
 */
guint
moisson_feed_count_get_placed (MoissonFeedCount *count)
{
  g_return_val_if_fail (count != NULL, 0);
  return count->placed;
}

/**
 * moisson_feed_count_get_not_placed:
 *
 * Returns: how many rows are not, for the reasons of
 *   moisson_feed_count_get_reasons ()
 */
guint
moisson_feed_count_get_not_placed (MoissonFeedCount *count)
{
  g_return_val_if_fail (count != NULL, 0);
  return count->not_placed;
}

/**
 * moisson_feed_count_get_reasons:
 *
 * Returns: (transfer none) (element-type MoissonFeedReason): why rows are
 *   not placed, each reason with the number of rows it keeps out, the most
 *   common first; their counts add up to the rows not placed
 */
GPtrArray *
moisson_feed_count_get_reasons (MoissonFeedCount *count)
{
  g_return_val_if_fail (count != NULL, NULL);
  return count->reasons;
}

/* A problem said of no row in particular: "Unknown INSEE code “99999”."
 * → "Unknown INSEE code.", "Line 12 has 3 fields…" → "Line … has …
 * fields…". */
static char *
reason_of (const char *message)
{
  GString *reason = g_string_sized_new (strlen (message));
  const char *p = message;

  while (*p != '\0')
    {
      const char *close = NULL;

      if (g_str_has_prefix (p, "“"))
        close = strstr (p, "”");
      else if (g_str_has_prefix (p, "«"))
        close = strstr (p, "»");
      if (close != NULL)
        {
          /* The quoted text, and the space before it. */
          if (reason->len > 0 && reason->str[reason->len - 1] == ' ')
            g_string_truncate (reason, reason->len - 1);
          p = g_utf8_next_char (close);
          continue;
        }
      if (g_ascii_isdigit (*p))
        {
          while (g_ascii_isdigit (*p) || ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1])))
            p++;
          g_string_append (reason, "…");
          continue;
        }
      g_string_append_c (reason, *p++);
    }
  return g_string_free (reason, FALSE);
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const MoissonFeedReason *ra = *(MoissonFeedReason **) a, *rb = *(MoissonFeedReason **) b;

  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return g_utf8_collate (ra->reason, rb->reason);
}

/* The rows of @feed not placed, by the first problem of each. */
static MoissonFeedCount *
count_feed (MoissonFeed *feed,
            guint        n_rows)
{
  MoissonFeedCount *count = g_new0 (MoissonFeedCount, 1);
  GPtrArray *initiatives = moisson_feed_get_initiatives (feed);
  GPtrArray *problems = moisson_feed_get_problems (feed);
  g_autoptr(GHashTable) placed_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_rows = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) by_reason = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) free_reason);
  guint listed = 0;

  g_atomic_ref_count_init (&count->ref_count);
  count->placed = initiatives->len;
  count->not_placed = n_rows > initiatives->len ? n_rows - initiatives->len : 0;
  for (guint i = 0; i < initiatives->len; i++)
    g_hash_table_add (placed_ids, (gpointer) moisson_initiative_get_id (g_ptr_array_index (initiatives, i)));

  for (guint i = 0; i < problems->len; i++)
    {
      MoissonFeedProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = NULL;
      MoissonFeedReason *reason;

      /* Of the feed as a whole, or a remark on a row that is placed. */
      if (problem->index < 0 || g_hash_table_contains (seen_rows, GINT_TO_POINTER (problem->index + 1)))
        continue;
      g_hash_table_add (seen_rows, GINT_TO_POINTER (problem->index + 1));
      if (problem->id != NULL && g_hash_table_contains (placed_ids, problem->id))
        continue;
      text = reason_of (problem->message);
      reason = g_hash_table_lookup (by_reason, text);
      if (reason == NULL)
        {
          reason = g_new0 (MoissonFeedReason, 1);
          reason->reason = g_steal_pointer (&text);
          g_ptr_array_add (reasons, reason);
          g_hash_table_insert (by_reason, reason->reason, reason);
        }
      reason->count++;
    }
  g_ptr_array_sort (reasons, compare_reasons);

  /* The most common; the others together, with the rows beyond the
   * problems a feed keeps. */
  count->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) free_reason);
  for (guint i = 0; i < reasons->len && (i < MAX_REASONS - 1 || reasons->len == MAX_REASONS); i++)
    {
      MoissonFeedReason *reason = g_ptr_array_index (reasons, i);

      listed += reason->count;
      g_ptr_array_add (count->reasons, reason);
      g_ptr_array_index (reasons, i) = NULL;
    }
  if (count->not_placed > listed)
    {
      MoissonFeedReason *others = g_new0 (MoissonFeedReason, 1);

      others->reason = g_strdup (_("Other reasons"));
      others->count = count->not_placed - listed;
      g_ptr_array_add (count->reasons, others);
    }
  return count;
}

typedef struct
{
  GBytes *data;
  char *location;
  MoissonAtlas *atlas;
  MoissonFeedMapping *mapping;
  guint n_rows;
} CountData;

static void
count_data_free (CountData *data)
{
  g_bytes_unref (data->data);
  g_free (data->location);
  g_clear_object (&data->atlas);
  moisson_feed_mapping_free (data->mapping);
  g_free (data);
}

static void
count_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CountData *data = task_data;
  g_autoptr(MoissonFeed) feed = NULL;
  GError *error = NULL;
  gsize length;
  const char *bytes = g_bytes_get_data (data->data, &length);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (data->location != NULL)
    {
      MoissonFetchOptions options;

      /* Read as the file will load: with the Table Schema beside it. */
      moisson_fetch_options_init (&options);
      options.use_cache = FALSE;
      options.mapping = data->mapping;
      feed = moisson_feed_load (data->location, data->atlas, &options, cancellable, &error);
    }
  else
    feed = moisson_feed_parse_with_mapping (bytes != NULL ? bytes : "", length, data->atlas, data->mapping, &error);
  if (feed == NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, count_feed (feed, data->n_rows), (GDestroyNotify) moisson_feed_count_unref);
}

static void
new_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  MoissonFeedPreview *preview = moisson_feed_preview_new (task_data, &error);

  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, g_object_unref);
}

/**
 * moisson_feed_preview_new:
 * @data: a CSV table, a GeoJSON FeatureCollection or a feed
 *
 * Reads @data as moisson_feed_parse () does, for its columns and first
 * rows. A GeoJSON file or a feed is read whole: a large one wants
 * moisson_feed_preview_new_async ().
 *
 * Returns: (transfer full): the preview; %NULL with @error set when @data
 *   cannot be read
 */
MoissonFeedPreview *
moisson_feed_preview_new (GBytes  *data,
                          GError **error)
{
  g_autoptr(MoissonFeedPreview) self = NULL;
  gsize length, pos = 0;
  const char *text;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MOISSON_TYPE_FEED_PREVIEW, NULL);
  self->data = g_bytes_ref (data);
  text = g_bytes_get_data (data, &length);
  if (text == NULL)
    text = "";
  while (pos < length && g_ascii_isspace (text[pos]))
    pos++;
  if (pos == length)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX, _("The file is empty."));
      return NULL;
    }
  if (text[pos] != '{' && text[pos] != '[' && _moisson_feed_is_csv (text, length))
    {
      g_autoptr(GPtrArray) rows = NULL;

      self->kind = MOISSON_FEED_PREVIEW_CSV;
      if (!_moisson_feed_preview_csv (text, length, MOISSON_FEED_PREVIEW_ROWS, &self->columns, &rows,
                                      &self->n_rows, error))
        return NULL;
      for (guint i = 0; i < rows->len; i++)
        {
          GStrv row = g_ptr_array_index (rows, i);

          for (guint c = 0; row[c] != NULL; c++)
            {
              char *cell = cell_text (row[c], strlen (row[c]));

              g_free (row[c]);
              row[c] = cell;
            }
        }
      g_ptr_array_extend_and_steal (self->rows, g_steal_pointer (&rows));
    }
  else if (!read_json (self, text, length, error))
    return NULL;
  guess_columns (self);
  return g_steal_pointer (&self);
}

/**
 * moisson_feed_preview_new_async:
 *
 * Makes the preview of @data in a thread, for
 * moisson_feed_preview_new_finish ().
 */
void
moisson_feed_preview_new_async (GBytes              *data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_feed_preview_new_async);
  g_task_set_task_data (task, g_bytes_ref (data), (GDestroyNotify) g_bytes_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, new_in_thread);
}

/**
 * moisson_feed_preview_new_finish:
 *
 * Returns: (transfer full): as moisson_feed_preview_new ()
 */
MoissonFeedPreview *
moisson_feed_preview_new_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moisson_feed_preview_new_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

MoissonFeedPreviewKind
moisson_feed_preview_get_kind (MoissonFeedPreview *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), MOISSON_FEED_PREVIEW_CSV);
  return self->kind;
}

/**
 * moisson_feed_preview_get_columns:
 *
 * Returns: (transfer none): the names of the columns: a table's header, or
 *   the members of the first features' properties (of the first entries of
 *   a feed), in the order they first come in
 */
const char * const *
moisson_feed_preview_get_columns (MoissonFeedPreview *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), NULL);
  return (const char * const *) self->columns;
}

guint
moisson_feed_preview_get_n_columns (MoissonFeedPreview *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), 0);
  return g_strv_length (self->columns);
}

/**
 * moisson_feed_preview_find_column:
 *
 * Returns: the position of the column @name, or -1
 */
int
moisson_feed_preview_find_column (MoissonFeedPreview *self,
                                  const char         *name)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint c = 0; self->columns[c] != NULL; c++)
    if (strcmp (self->columns[c], name) == 0)
      return (int) c;
  return -1;
}

/**
 * moisson_feed_preview_get_n_preview_rows:
 *
 * Returns: how many rows moisson_feed_preview_get_cell () has: the first
 *   %MOISSON_FEED_PREVIEW_ROWS, or fewer
 */
guint
moisson_feed_preview_get_n_preview_rows (MoissonFeedPreview *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), 0);
  return self->rows->len;
}

/**
 * moisson_feed_preview_get_cell:
 *
 * Returns: the cell as one line of text, shortened past a few hundred
 *   characters; "" for an empty or missing one
 */
const char *
moisson_feed_preview_get_cell (MoissonFeedPreview *self,
                               guint               row,
                               guint               column)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < g_strv_length (self->columns), NULL);
  return ((char **) g_ptr_array_index (self->rows, row))[column];
}

/**
 * moisson_feed_preview_get_n_rows:
 *
 * Returns: how many rows (features, entries) the file has in all
 */
guint
moisson_feed_preview_get_n_rows (MoissonFeedPreview *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), 0);
  return self->n_rows;
}

/**
 * moisson_feed_preview_get_guess:
 * @reference: (out) (optional): for %MOISSON_FEED_ROLE_DEPARTEMENT, what
 *   the column holds
 *
 * Returns: the column that the reading takes for @role when no mapping
 *   names one, the first it tries of those filled in the rows shown;
 *   -1 for none
 */
int
moisson_feed_preview_get_guess (MoissonFeedPreview   *self,
                                MoissonFeedRole       role,
                                MoissonFeedReference *reference)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), -1);
  g_return_val_if_fail (role < MOISSON_FEED_N_ROLES, -1);

  if (reference != NULL)
    *reference = role == MOISSON_FEED_ROLE_DEPARTEMENT && self->guesses[role] >= 0 ? self->reference
                                                                                  : MOISSON_FEED_REFERENCE_NONE;
  return self->guesses[role];
}

/**
 * moisson_feed_preview_set_location:
 * @location: (nullable): the path of the file previewed
 *
 * Counts then read the file as it will load, with what lies beside it (a
 * Table Schema), not the bytes alone.
 */
void
moisson_feed_preview_set_location (MoissonFeedPreview *self,
                                   const char         *location)
{
  g_return_if_fail (MOISSON_IS_FEED_PREVIEW (self));

  g_free (self->location);
  self->location = g_strdup (location);
}

/**
 * moisson_feed_preview_count_async:
 * @atlas: (nullable): the boundaries the file will be placed with
 * @mapping: (nullable): the columns named for their roles
 *
 * Reads the whole file with @mapping in a thread, as
 * moisson_feed_parse_with_mapping () does, and counts the rows it places
 * and those it does not, by reason. Cancelled, it returns at once.
 */
void
moisson_feed_preview_count_async (MoissonFeedPreview       *self,
                                  MoissonAtlas             *atlas,
                                  const MoissonFeedMapping *mapping,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  CountData *data;

  g_return_if_fail (MOISSON_IS_FEED_PREVIEW (self));
  g_return_if_fail (atlas == NULL || MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (CountData, 1);
  data->data = g_bytes_ref (self->data);
  data->location = g_strdup (self->location);
  data->atlas = atlas != NULL ? g_object_ref (atlas) : NULL;
  data->mapping = moisson_feed_mapping_copy (mapping);
  data->n_rows = self->n_rows;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_feed_preview_count_async);
  g_task_set_task_data (task, data, (GDestroyNotify) count_data_free);
  /* A count no longer wanted is not waited for: the next one is. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, count_in_thread);
}

/**
 * moisson_feed_preview_count_finish:
 *
 * Returns: (transfer full): the count; %NULL with @error set when it was
 *   cancelled (%G_IO_ERROR_CANCELLED) or the file cannot be read
 */
MoissonFeedCount *
moisson_feed_preview_count_finish (MoissonFeedPreview  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (MOISSON_IS_FEED_PREVIEW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moisson_feed_preview_count_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
