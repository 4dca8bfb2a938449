/* moisson-contribution-store.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-contribution-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <json.h>

#include "moisson-cleanups-private.h"
#include "moisson-feed.h"
#include "moisson-file.h"
#include "moisson-filter.h"
#include "moisson-initiative-private.h"

struct _MoissonContributionStore
{
  GObject parent_instance;

  char *path;
  GPtrArray *items;     /* MoissonInitiative, in the order they were added */
  gboolean saved;       /* the file holds what memory holds */
};

G_DEFINE_FINAL_TYPE (MoissonContributionStore, moisson_contribution_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
moisson_contribution_store_finalize (GObject *object)
{
  MoissonContributionStore *self = (MoissonContributionStore *) object;

  g_free (self->path);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (moisson_contribution_store_parent_class)->finalize (object);
}

static void
moisson_contribution_store_class_init (MoissonContributionStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moisson_contribution_store_finalize;

  /**
   * MoissonContributionStore::changed:
   *
   * A contribution was added, replaced or removed (saved or not).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
moisson_contribution_store_init (MoissonContributionStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->saved = TRUE;
}

char *
moisson_contribution_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "moisson", "contributions.json", NULL);
}

/**
 * moisson_contribution_store_new:
 * @path: (nullable): the file; %NULL for the user data directory
 */
MoissonContributionStore *
moisson_contribution_store_new (const char *path)
{
  MoissonContributionStore *self = g_object_new (MOISSON_TYPE_CONTRIBUTION_STORE, NULL);

  self->path = path != NULL ? g_strdup (path) : moisson_contribution_store_default_path ();
  return self;
}

const char *
moisson_contribution_store_get_path (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->path;
}

/* A file that cannot be read is moved aside, never overwritten: nothing a
 * workshop typed is lost, even to a bug. */
static void
keep_damaged_copy (MoissonContributionStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->path, stamp);

  g_rename (self->path, aside);
}

/**
 * moisson_contribution_store_load:
 *
 * Reads the file; a missing file is an empty store. A damaged file is kept
 * aside under another name and reported.
 */
gboolean
moisson_contribution_store_load (MoissonContributionStore  *self,
                                 GError                   **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!moisson_contribution_store_load_data (self, contents, length, &local_error))
    {
      keep_damaged_copy (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The saved contributions cannot be read (%s); the file was kept aside as “%s.damaged-…”."),
                   local_error->message, self->path);
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_contribution_store_load_data:
 * @data: what the file holds
 * @length: its length, or -1 if it ends with a NUL
 *
 * Replaces the contributions with those of @data, as
 * moisson_contribution_store_load () does with the file; leaves the store
 * as it was when @data cannot be read.
 */
gboolean
moisson_contribution_store_load_data (MoissonContributionStore  *self,
                                      const char                *data,
                                      gssize                     length,
                                      GError                   **error)
{
  g_autoptr(MoissonFeed) feed = NULL;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  feed = moisson_feed_parse (data, length, NULL, error);
  if (feed == NULL)
    return FALSE;

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_extend (self->items, moisson_feed_get_initiatives (feed), (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  self->saved = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * moisson_contribution_store_get_all:
 *
 * Returns: (transfer none) (element-type MoissonInitiative): every contribution
 */
GPtrArray *
moisson_contribution_store_get_all (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->items;
}

static int
index_of (MoissonContributionStore *self,
          const char               *id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (moisson_initiative_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      return (int) i;
  return -1;
}

MoissonInitiative *
moisson_contribution_store_lookup (MoissonContributionStore *self,
                                   const char               *id)
{
  int index;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);

  index = index_of (self, id);
  return index >= 0 ? g_ptr_array_index (self->items, index) : NULL;
}

/* The directory is made on first use; the write itself is crash-safe. */
static gboolean
write_atomically (const char  *path,
                  const char  *data,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  const char *reason;

  if (g_mkdir_with_parents (dir, 0700) == 0 &&
      moisson_file_write_atomically (path, data, strlen (data), 0600, &local_error))
    return TRUE;

  reason = local_error != NULL ? local_error->message : g_strerror (errno != 0 ? errno : EIO);
  g_set_error (error, G_IO_ERROR, local_error != NULL ? local_error->code : (int) g_io_error_from_errno (errno),
               _("The contributions cannot be saved in “%s”: %s. They are kept in memory and will be saved again."),
               path, reason);
  return FALSE;
}

/**
 * moisson_contribution_store_save:
 *
 * Writes every contribution; done after each change already: call it to
 * try again after a failure.
 */
gboolean
moisson_contribution_store_save (MoissonContributionStore  *self,
                                 GError                   **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  text = moisson_feed_serialize (self->items, NULL, _("Contributions"));
  errno = 0;
  self->saved = write_atomically (self->path, text, error);
  return self->saved;
}

/* FALSE while the last save failed: memory holds more than the file. */
gboolean
moisson_contribution_store_is_saved (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  return self->saved;
}

static gboolean
changed_and_saved (MoissonContributionStore  *self,
                   GError                   **error)
{
  gboolean saved = moisson_contribution_store_save (self, error);

  g_signal_emit (self, signals[CHANGED], 0);
  return saved;
}

/**
 * moisson_contribution_store_add:
 *
 * Returns: %FALSE when the file could not be written; the contribution is
 *   kept all the same
 */
gboolean
moisson_contribution_store_add (MoissonContributionStore  *self,
                                MoissonInitiative         *initiative,
                                GError                   **error)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);
  g_return_val_if_fail (index_of (self, moisson_initiative_get_id (initiative)) < 0, FALSE);

  g_ptr_array_add (self->items, g_object_ref (initiative));
  return changed_and_saved (self, error);
}

/* Puts @initiative in the place of the contribution with its id. */
gboolean
moisson_contribution_store_replace (MoissonContributionStore  *self,
                                    MoissonInitiative         *initiative,
                                    GError                   **error)
{
  int index;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  index = index_of (self, moisson_initiative_get_id (initiative));
  g_return_val_if_fail (index >= 0, FALSE);

  g_object_unref (self->items->pdata[index]);
  self->items->pdata[index] = g_object_ref (initiative);
  return changed_and_saved (self, error);
}

gboolean
moisson_contribution_store_remove (MoissonContributionStore  *self,
                                   const char                *id,
                                   GError                   **error)
{
  int index;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  index = index_of (self, id);
  g_return_val_if_fail (index >= 0, FALSE);

  g_ptr_array_remove_index (self->items, index);
  return changed_and_saved (self, error);
}

static void
free_conflict (MoissonConflict *conflict)
{
  g_clear_object (&conflict->mine);
  g_clear_object (&conflict->theirs);
  g_free (conflict);
}

void
moisson_import_report_clear (MoissonImportReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  report->added = report->unchanged = 0;
}

static char *
to_text (MoissonInitiative *initiative)
{
  g_autoptr(json_object) object = _moisson_initiative_to_json (initiative);

  return g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN));
}

/**
 * moisson_contribution_store_import:
 * @data: a contributions file or an exported session (a feed)
 * @report: (out): what was added, what was already there, and the
 *   conflicts: same id, other content, for the user to choose
 *
 * Merges by id: new contributions are added (and saved), identical ones
 * skipped; conflicting ones are left as they are and reported.
 */
gboolean
moisson_contribution_store_import (MoissonContributionStore  *self,
                                   const char                *data,
                                   gssize                     length,
                                   MoissonImportReport       *report,
                                   GError                   **error)
{
  g_autoptr(MoissonFeed) feed = NULL;
  GPtrArray *incoming;
  gboolean any_added = FALSE;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  report->added = report->unchanged = 0;
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) free_conflict);

  feed = moisson_feed_parse (data, length, NULL, error);
  if (feed == NULL)
    return FALSE;

  incoming = moisson_feed_get_initiatives (feed);
  for (guint i = 0; i < incoming->len; i++)
    {
      MoissonInitiative *theirs = g_ptr_array_index (incoming, i);
      MoissonInitiative *mine = moisson_contribution_store_lookup (self, moisson_initiative_get_id (theirs));

      if (mine == NULL)
        {
          g_ptr_array_add (self->items, g_object_ref (theirs));
          report->added++;
          any_added = TRUE;
        }
      else
        {
          g_autofree char *mine_text = to_text (mine);
          g_autofree char *theirs_text = to_text (theirs);

          if (g_strcmp0 (mine_text, theirs_text) == 0)
            report->unchanged++;
          else
            {
              MoissonConflict *conflict = g_new0 (MoissonConflict, 1);

              conflict->mine = g_object_ref (mine);
              conflict->theirs = g_object_ref (theirs);
              g_ptr_array_add (report->conflicts, conflict);
            }
        }
    }

  if (!any_added)
    return TRUE;
  return changed_and_saved (self, error);
}

/**
 * moisson_contribution_store_export:
 * @workshop: (nullable): only the contributions of this session
 *
 * Returns: (transfer full): the contributions as a feed, to import on
 *   another laptop or to publish
 */
char *
moisson_contribution_store_export (MoissonContributionStore *self,
                                   const char               *workshop)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (self->items, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

      if (workshop == NULL || (contribution != NULL && g_strcmp0 (contribution->workshop, workshop) == 0))
        g_ptr_array_add (chosen, initiative);
    }
  return moisson_feed_serialize (chosen, NULL, workshop);
}

/* Accents, case and punctuation aside: the same title, one inside the
 * other, or most of their words in common. */
gboolean
moisson_titles_look_alike (const char *a,
                           const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;
  g_auto(GStrv) words_a = NULL;
  g_auto(GStrv) words_b = NULL;
  guint common = 0, total_a, total_b;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = moisson_fold_for_search (a);
  fb = moisson_fold_for_search (b);
  if (*fa == '\0' || *fb == '\0')
    return FALSE;
  if (strcmp (fa, fb) == 0)
    return TRUE;
  if ((strlen (fa) >= 5 && strstr (fb, fa) != NULL) || (strlen (fb) >= 5 && strstr (fa, fb) != NULL))
    return TRUE;

  words_a = g_strsplit (fa, " ", -1);
  words_b = g_strsplit (fb, " ", -1);
  total_a = g_strv_length (words_a);
  total_b = g_strv_length (words_b);
  for (guint i = 0; words_a[i] != NULL; i++)
    if (strlen (words_a[i]) > 2 && g_strv_contains ((const char * const *) words_b, words_a[i]))
      common++;
  return common >= 2 && common * 3 >= MAX (total_a, total_b) * 2;
}

static gboolean
share_a_departement (MoissonInitiative *a,
                     MoissonInitiative *b)
{
  const char * const *codes = moisson_initiative_get_departements (a);

  for (guint i = 0; codes[i] != NULL; i++)
    if (moisson_initiative_has_departement (b, codes[i]))
      return TRUE;
  return FALSE;
}

/**
 * moisson_find_duplicates:
 * @contributions: (element-type MoissonInitiative)
 * @others: (nullable) (element-type MoissonInitiative): e.g. the feed
 *
 * Returns: (transfer full) (element-type MoissonDuplicate): the pairs in
 *   one département with look-alike titles: a contribution and a feed
 *   entry, or two contributions
 */
GPtrArray *
moisson_find_duplicates (GPtrArray *contributions,
                         GPtrArray *others)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (contributions != NULL, pairs);

  for (guint i = 0; i < contributions->len; i++)
    {
      MoissonInitiative *a = g_ptr_array_index (contributions, i);

      for (guint j = 0; others != NULL && j < others->len; j++)
        {
          MoissonInitiative *b = g_ptr_array_index (others, j);

          if (a != b && share_a_departement (a, b) &&
              moisson_titles_look_alike (moisson_initiative_get_title (a), moisson_initiative_get_title (b)))
            {
              MoissonDuplicate *pair = g_new0 (MoissonDuplicate, 1);

              pair->contribution = a;
              pair->other = b;
              g_ptr_array_add (pairs, pair);
            }
        }
      for (guint j = i + 1; j < contributions->len; j++)
        {
          MoissonInitiative *b = g_ptr_array_index (contributions, j);

          if (share_a_departement (a, b) &&
              moisson_titles_look_alike (moisson_initiative_get_title (a), moisson_initiative_get_title (b)))
            {
              MoissonDuplicate *pair = g_new0 (MoissonDuplicate, 1);

              pair->contribution = a;
              pair->other = b;
              g_ptr_array_add (pairs, pair);
            }
        }
    }
  return pairs;
}

/* Records what became of sending a contribution; saved like any change,
 * but not an undoable step. */
gboolean
moisson_contribution_store_set_sync (MoissonContributionStore  *self,
                                     const char                *id,
                                     MoissonSync                sync,
                                     const char                *reason,
                                     GError                   **error)
{
  MoissonInitiative *initiative;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  initiative = moisson_contribution_store_lookup (self, id);
  if (initiative == NULL || initiative->contribution == NULL)
    return TRUE;
  initiative->contribution->sync = sync;
  g_free (initiative->contribution->sync_error);
  initiative->contribution->sync_error = g_strdup (reason);
  return changed_and_saved (self, error);
}
