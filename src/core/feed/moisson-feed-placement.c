/* moisson-feed-placement.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-feed.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "moisson-atlas.h"
#include "moisson-cog.h"
#include "moisson-feed-private.h"
#include "moisson-initiative-private.h"
#include "moisson-insee.h"

/* Which initiatives of a read feed are shown, in which départements: the
 * one step of the feed that depends on the boundaries, so that another
 * boundary file places the feed again without reading it again. */

typedef struct
{
  MoissonFeed *feed;
  MoissonAtlas *atlas;
  guint next_read;          /* the next problem of reading to list */
  GPtrArray *initiatives;
  GHashTable *by_id;
  GPtrArray *problems;
  GPtrArray *placing_problems;
  guint n_more_problems;
  GPtrArray *kept;
  GPtrArray *placed;        /* const char *: the codes of the entry being placed */
} Placing;

static void
clear_placing (Placing *placing)
{
  g_clear_pointer (&placing->initiatives, g_ptr_array_unref);
  g_clear_pointer (&placing->by_id, g_hash_table_unref);
  g_clear_pointer (&placing->problems, g_ptr_array_unref);
  g_clear_pointer (&placing->placing_problems, g_ptr_array_unref);
  g_clear_pointer (&placing->kept, g_ptr_array_unref);
  g_clear_pointer (&placing->placed, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Placing, clear_placing)

/* The problems of reading, in their order, up to the @until-th. */
static void
list_read_problems (Placing *placing,
                    guint    until)
{
  GPtrArray *read_problems = placing->feed->read_problems;

  for (; placing->next_read < until; placing->next_read++)
    {
      /* Those not kept by reading come after a thousand others. */
      if (placing->next_read < read_problems->len && placing->problems->len < MOISSON_FEED_MAX_PROBLEMS)
        g_ptr_array_add (placing->problems, g_ptr_array_index (read_problems, placing->next_read));
      else
        placing->n_more_problems++;
    }
}

static void
add_problem_text (Placing    *placing,
                  int         index,
                  const char *id,
                  char       *message)
{
  MoissonFeedProblem *problem = _moisson_feed_problem_new (index, id, message);

  g_ptr_array_add (placing->placing_problems, problem);
  g_ptr_array_add (placing->problems, problem);
}

G_GNUC_PRINTF (4, 5)
static void
add_problem (Placing    *placing,
             int         index,
             const char *id,
             const char *format,
             ...)
{
  va_list args;

  if (placing->problems->len >= MOISSON_FEED_MAX_PROBLEMS)
    {
      placing->n_more_problems++;
      return;
    }
  va_start (args, format);
  add_problem_text (placing, index, id, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
is_known_departement (MoissonAtlas *atlas,
                      const char   *code)
{
  return moisson_insee_is_departement_code (code) ||
         (atlas != NULL && moisson_atlas_lookup (atlas, code) != NULL);
}

/* A postal code gives no département when it is unknown, or when its
 * communes lie in several: which one is meant cannot be told. */
static void
report_postal_code (Placing    *placing,
                    int         index,
                    const char *id,
                    const char *code,
                    const char *written)
{
  /* Reading kept "postal-code:" and its five digits, or the text. */
  const char *digits = g_str_has_prefix (code, "postal-code:") ? code + strlen ("postal-code:") : code;
  const char * const *departements = moisson_cog_departements_of_postal_code (digits);

  if (!moisson_cog_has_postal_codes ())
    add_problem (placing, index, id,
                 _("The postal code “%s” cannot be looked up: the table of postal codes (cog/postal-codes.tsv) "
                   "is not installed."), written);
  else if (departements != NULL && departements[0] != NULL && departements[1] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) departements);

      add_problem (placing, index, id, _("The postal code “%s” is shared by the départements %s: not used."),
                   written, list);
    }
  else
    add_problem (placing, index, id, _("Unknown postal code “%s”."), written);
}

/* Keeps the known codes of the list at *@at and reports the others; as a
 * store of contributions, keeps the others as written. Moves *@at past it. */
static void
place_codes (Placing                 *placing,
             const MoissonFeedEntry  *entry,
             const char              *id,
             const char             **at,
             const char             **key,
             GPtrArray               *placed)
{
  MoissonFeed *feed = placing->feed;
  MoissonFeedCodes codes;
  const char *code, *written;

  memcpy (&codes, *at, sizeof codes);
  *key = codes.key;
  code = *at + sizeof codes;
  written = code;
  for (guint i = 0; codes.written && i < codes.n_codes; i++)
    written += strlen (written) + 1;
  *at = written;
  for (guint i = 0; i < codes.n_codes; i++)
    *at += strlen (*at) + 1;

  for (guint i = 0; i < codes.n_problems; i++)
    {
      if (placing->problems->len < MOISSON_FEED_MAX_PROBLEMS)
        add_problem_text (placing, entry->index, id,
                          g_strdup (g_ptr_array_index (feed->list_problems, codes.first_problem + i)));
      else
        placing->n_more_problems++;
    }
  placing->n_more_problems += codes.n_more_problems;

  for (guint i = 0; i < codes.n_codes; i++)
    {
      const char *kept_code = code;

      if (!is_known_departement (placing->atlas, code))
        {
          if (feed->keep_all)
            {
              add_problem (placing, entry->index, id, _("Unknown département code “%s”: kept as written."), written);
              kept_code = written;
            }
          else
            {
              if (codes.kind == MOISSON_FEED_CODES_COMMUNE)
                add_problem (placing, entry->index, id, _("Unknown INSEE code “%s”."), written);
              else if (codes.kind == MOISSON_FEED_CODES_EPCI && !moisson_cog_has_epci ())
                add_problem (placing, entry->index, id,
                             _("The EPCI SIREN number “%s” cannot be looked up: the table of EPCI (cog/epci.tsv) "
                               "is not installed."), written);
              else if (codes.kind == MOISSON_FEED_CODES_EPCI)
                add_problem (placing, entry->index, id, _("Unknown EPCI SIREN number “%s”."), written);
              else if (codes.kind == MOISSON_FEED_CODES_POSTAL_CODE)
                report_postal_code (placing, entry->index, id, code, written);
              else if (codes.kind == MOISSON_FEED_CODES_NAME)
                add_problem (placing, entry->index, id, _("Unknown département “%s”."), written);
              else
                add_problem (placing, entry->index, id, _("Unknown département code “%s”."), written);
              kept_code = NULL;
            }
        }
      if (kept_code != NULL && !g_ptr_array_find_with_equal_func (placed, kept_code, g_str_equal, NULL))
        g_ptr_array_add (placed, (gpointer) kept_code);
      code += strlen (code) + 1;
      written += strlen (written) + 1;
    }
}

/* The département under a point: that of the commune under it, when the
 * boundaries are communes. */
static const char *
departement_at (MoissonAtlas *atlas,
                double        lon,
                double        lat)
{
  MoissonDepartement *departement = NULL;
  double x, y;

  if (atlas != NULL && moisson_atlas_lonlat_to_plane (atlas, lon, lat, &x, &y))
    departement = moisson_atlas_find_at (atlas, x, y);
  return departement != NULL ? moisson_insee_get_counted_code (moisson_departement_get_code (departement)) : NULL;
}

/* Fills placing->placed with the codes of the first list that gives a
 * known one, or the département under the point; *@key: the member of the
 * last list looked at. */
static void
place_entry (Placing                *placing,
             const MoissonFeedEntry *entry,
             const char            **key)
{
  GPtrArray *placed = placing->placed;
  MoissonInitiative *initiative = entry->initiative;
  const char *at = placing->feed->codes->str + entry->codes;
  const char *id, *under_point;

  g_ptr_array_set_size (placed, 0);
  id = initiative != NULL ? initiative->id : _moisson_feed_entry_get_id (placing->feed, entry);
  *key = NULL;
  for (guint l = 0; l < entry->n_lists && placed->len == 0; l++)
    place_codes (placing, entry, id, &at, key, placed);
  if (placed->len == 0 && initiative != NULL && initiative->has_location &&
      (under_point = departement_at (placing->atlas, initiative->lon, initiative->lat)) != NULL)
    g_ptr_array_add (placed, (gpointer) under_point);
}

/* The extra of a feature, but for the member its codes came from. */
static GStrv
extra_without (const char * const *extra,
               const char         *key)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; extra[i] != NULL && extra[i + 1] != NULL; i += 2)
    if (g_strcmp0 (extra[i], key) != 0)
      {
        g_strv_builder_add (builder, extra[i]);
        g_strv_builder_add (builder, extra[i + 1]);
      }
  return g_strv_builder_end (builder);
}

/* Whether @departements holds the codes of @placed, in the same order. */
static gboolean
same_codes (const char * const *departements,
            GPtrArray          *placed)
{
  if (departements == NULL)
    return placed->len == 0;
  for (guint i = 0; i < placed->len; i++)
    if (departements[i] == NULL || strcmp (departements[i], g_ptr_array_index (placed, i)) != 0)
      return FALSE;
  return departements[placed->len] == NULL;
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  return a == NULL || b == NULL ? a == b : g_strv_equal (a, b);
}

/* Gives the initiative of @entry the codes of @placed, and @extra when not
 * %NULL; changed in place only if never handed out. */
static void
update_initiative (MoissonFeedEntry *entry,
                   GPtrArray        *placed,
                   GStrv             extra)
{
  MoissonInitiative *initiative = entry->initiative;
  gboolean same_departements = same_codes ((const char * const *) initiative->departements, placed);
  gboolean same_extra = extra == NULL || strv_equal ((const char * const *) initiative->extra,
                                                     (const char * const *) extra);

  if (same_departements && same_extra)
    {
      g_strfreev (extra);
      return;
    }
  if (entry->shown)
    {
      initiative = _moisson_initiative_copy (entry->initiative);
      g_object_unref (entry->initiative);
      entry->initiative = initiative;
      entry->shown = FALSE;
    }
  if (!same_departements)
    {
      _moisson_initiative_free_strv (initiative, initiative->departements);
      initiative->departements = NULL;
      if (placed->len > 0)
        {
          initiative->departements = g_new (char *, placed->len + 1);
          for (guint i = 0; i < placed->len; i++)
            initiative->departements[i] = g_strdup (g_ptr_array_index (placed, i));
          initiative->departements[placed->len] = NULL;
        }
    }
  if (extra != NULL)
    {
      _moisson_initiative_free_strv (initiative, initiative->extra);
      initiative->extra = extra;
    }
  _moisson_initiative_pack (initiative);
}

/* An entry kept as text for want of a title, or as not an entry at all. */
static gboolean
is_never_loaded (MoissonFeed            *feed,
                 const MoissonFeedEntry *entry)
{
  guint32 length;

  memcpy (&length, feed->texts->str + entry->text, sizeof length);
  return length == 0;
}

/* Its title was checked in reading. */
static gboolean
accept (Placing          *placing,
        MoissonFeedEntry *entry)
{
  MoissonInitiative *initiative = entry->initiative;

  if (initiative->departements == NULL)
    {
      /* With boundaries to look in, the point is the reason. */
      if (initiative->has_location && placing->atlas != NULL)
        add_problem (placing, entry->index, initiative->id,
                     _("No known département: the point at latitude %.4f, longitude %.4f is in none (at sea, "
                       "or abroad). The entry was not loaded."),
                     initiative->lat, initiative->lon);
      else
        add_problem (placing, entry->index, initiative->id, _("No known département: the entry was not loaded."));
      return FALSE;
    }
  if (g_hash_table_contains (placing->by_id, initiative->id))
    {
      add_problem (placing, entry->index, initiative->id,
                   _("The id “%s” is used by an earlier entry: this one was not loaded."), initiative->id);
      return FALSE;
    }

  g_hash_table_insert (placing->by_id, initiative->id, initiative);
  g_ptr_array_add (placing->initiatives, g_object_ref (initiative));
  entry->shown = TRUE;
  return TRUE;
}

/**
 * moisson_feed_place:
 * @atlas: (nullable): the boundaries; %NULL for the départements of INSEE
 *   alone, where a point finds none
 *
 * Places the initiatives of the feed in départements: a code is kept if
 * INSEE or @atlas knows it, an entry with no known code is placed by its
 * point, and an entry placed nowhere is not loaded. The feed's initiatives
 * and problems become those of this placing, in entry order among the
 * problems of reading, without reading the feed again:
 * moisson_feed_parse () placed it once, this places it anew when the
 * boundaries change. Not from two threads at once.
 *
 * An initiative whose départements change is a new object; the others stay
 * the same. The arrays that moisson_feed_get_initiatives () and
 * moisson_feed_get_problems () gave before are no longer the feed's.
 */
void
moisson_feed_place (MoissonFeed  *self,
                    MoissonAtlas *atlas)
{
  g_auto(Placing) placing = { 0 };

  g_return_if_fail (MOISSON_IS_FEED (self));
  g_return_if_fail (atlas == NULL || MOISSON_IS_ATLAS (atlas));

  placing.feed = self;
  placing.atlas = atlas;
  placing.initiatives = g_ptr_array_new_full (self->entries->len, g_object_unref);
  placing.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  placing.problems = g_ptr_array_new ();
  placing.placing_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) _moisson_feed_problem_free);
  placing.kept = g_ptr_array_new ();
  placing.placed = g_ptr_array_new ();

  for (guint i = 0; i < self->entries->len; i++)
    {
      MoissonFeedEntry *entry = &g_array_index (self->entries, MoissonFeedEntry, i);
      const char * const *extra = g_hash_table_size (self->extras) > 0
                                    ? g_hash_table_lookup (self->extras, GUINT_TO_POINTER (i)) : NULL;
      const char *key;
      gboolean loaded;

      list_read_problems (&placing, entry->codes_at);
      place_entry (&placing, entry, &key);
      /* Kept as text until boundaries know one of its codes. */
      if (entry->initiative == NULL && placing.placed->len > 0 && !is_never_loaded (self, entry))
        entry->initiative = _moisson_feed_read_again (self, entry);
      if (entry->initiative != NULL)
        update_initiative (entry, placing.placed, extra != NULL ? extra_without (extra, key) : NULL);
      list_read_problems (&placing, entry->accept_at);
      if (entry->initiative != NULL)
        loaded = accept (&placing, entry);
      else
        {
          loaded = FALSE;
          if (!is_never_loaded (self, entry))
            add_problem (&placing, entry->index, _moisson_feed_entry_get_id (self, entry),
                         _("No known département: the entry was not loaded."));
        }
      if (!loaded && self->keep_all)
        g_ptr_array_add (placing.kept, g_ptr_array_index (self->json, i));
    }
  list_read_problems (&placing, self->n_read_problems);

  g_clear_pointer (&self->initiatives, g_ptr_array_unref);
  self->initiatives = g_steal_pointer (&placing.initiatives);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  self->by_id = g_steal_pointer (&placing.by_id);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&placing.problems);
  g_clear_pointer (&self->placing_problems, g_ptr_array_unref);
  self->placing_problems = g_steal_pointer (&placing.placing_problems);
  self->n_more_problems = placing.n_more_problems;
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  self->kept = g_steal_pointer (&placing.kept);
}
