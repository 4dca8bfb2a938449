/* moisson-contribution-store.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-contribution-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <json.h>

#include "moisson-cleanups-private.h"
#include "moisson-feed-private.h"
#include "moisson-file.h"
#include "moisson-initiative-private.h"
#include "moisson-text.h"

struct _MoissonContributionStore
{
  GObject parent_instance;

  char *path;
  char *lock_path;
  GPtrArray *items;     /* MoissonInitiative, in the order they were added */
  GPtrArray *kept;      /* char *: entries of the file it cannot read, kept as written */
  /* id → revision, as the file held them when last read or written: tells
   * what others changed in the file since, and what was removed here. */
  GHashTable *base;
  GPtrArray *problems;  /* char *: what reading the file reported */
  char *problem;        /* why memory holds more than the file, for the user */
  gboolean read_only;   /* the file exists but cannot be read, nor moved aside */
  gboolean saved;       /* the file holds what memory holds */
  GFileMonitor *monitor;
  guint refresh_source;
};

G_DEFINE_FINAL_TYPE (MoissonContributionStore, moisson_contribution_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_PROBLEM,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A lock held longer than this is another program stuck, not saving. */
#define LOCK_TIMEOUT_US (5 * G_USEC_PER_SEC)

static void
moisson_contribution_store_dispose (GObject *object)
{
  MoissonContributionStore *self = (MoissonContributionStore *) object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (moisson_contribution_store_parent_class)->dispose (object);
}

static void
moisson_contribution_store_finalize (GObject *object)
{
  MoissonContributionStore *self = (MoissonContributionStore *) object;

  g_free (self->path);
  g_free (self->lock_path);
  g_free (self->problem);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->kept);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->base);

  G_OBJECT_CLASS (moisson_contribution_store_parent_class)->finalize (object);
}

static void
moisson_contribution_store_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  MoissonContributionStore *self = MOISSON_CONTRIBUTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_contribution_store_class_init (MoissonContributionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moisson_contribution_store_dispose;
  object_class->finalize = moisson_contribution_store_finalize;
  object_class->get_property = moisson_contribution_store_get_property;

  /**
   * MoissonContributionStore:problem:
   *
   * Why the file does not hold what memory holds (a failed save, a file
   * that cannot be read), in a sentence for the user that names the file
   * and what to do; %NULL when all is saved.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * MoissonContributionStore:read-only:
   *
   * The file exists but can neither be read nor moved aside: it is never
   * written over, and changes stay in memory until it can be.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoissonContributionStore::changed:
   *
   * A contribution was added, replaced or removed (saved or not), here or
   * by another program writing the same file.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
moisson_contribution_store_init (MoissonContributionStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->kept = g_ptr_array_new_with_free_func (g_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->saved = TRUE;
}

static void
set_problem (MoissonContributionStore *self,
             const char               *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
set_read_only (MoissonContributionStore *self,
               gboolean                  read_only)
{
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
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
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
  return self;
}

/**
 * moisson_contribution_store_get_default:
 *
 * Returns: (transfer none): the contributions of the user data directory,
 *   read on first use; every window of the process shares them
 */
MoissonContributionStore *
moisson_contribution_store_get_default (void)
{
  static MoissonContributionStore *store;

  if (store == NULL)
    {
      store = moisson_contribution_store_new (NULL);
      /* What went wrong is the store's problem, shown by every window. */
      moisson_contribution_store_load (store, NULL);
      moisson_contribution_store_watch (store);
    }
  return store;
}

const char *
moisson_contribution_store_get_path (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->path;
}

/* An exclusive lock on a file beside the store, held from reading the file
 * to writing it, so that two programs saving at once each see what the
 * other wrote. Returns the descriptor to close, or -1. */
static int
lock_store (MoissonContributionStore  *self,
            GError                   **error)
{
  gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT_US;
  int fd;

  fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || g_get_monotonic_time () > deadline)
        {
          close (fd);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("another program keeps the file locked"));
          return -1;
        }
      /* flock () has no timed form: a blocking one is broken only by a
       * signal, which a library must not install. Another program holds
       * the lock just while it reads and writes this small file, so asking
       * again every 2 ms waits on the lock itself, and the deadline keeps a
       * stuck program from freezing this one. */
      g_usleep (2000);
    }
  return fd;
}

static void
unlock_store (int fd)
{
  if (fd >= 0)
    close (fd);   /* releases the lock */
}

/* Temporary files of a save that a crash interrupted: "contributions.json."
 * and the six characters of mkstemp. Called with the lock held, when no
 * save of any program is under way. */
static void
remove_stale_temporary_files (MoissonContributionStore *self)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *base = g_path_get_basename (self->path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gsize base_length = strlen (base);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (strlen (name) == base_length + 7 && strncmp (name, base, base_length) == 0 && name[base_length] == '.')
      {
        g_autofree char *stale = g_build_filename (dir, name, NULL);

        if (g_file_test (stale, G_FILE_TEST_IS_REGULAR) && !g_file_test (stale, G_FILE_TEST_IS_SYMLINK))
          g_unlink (stale);
      }
}

/* Moves a file that cannot be read out of the way, under a dated name
 * beside it, so that it is never written over. Checked: FALSE, with the
 * reason, when it could not be moved. */
static gboolean
keep_aside (MoissonContributionStore  *self,
            char                     **aside_path,
            GError                   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->path, stamp);
  int saved_errno;

  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS) && n < 1000; n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s-%u", self->path, stamp, n);
    }
  if (g_rename (self->path, aside) == 0)
    {
      *aside_path = g_steal_pointer (&aside);
      return TRUE;
    }
  saved_errno = errno;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
  return FALSE;
}

/* Reads the file as a store; sets *missing and returns NULL when there is
 * none, returns NULL with @error when it cannot be read or parsed. */
static MoissonFeed *
read_store_file (MoissonContributionStore  *self,
                 gboolean                  *missing,
                 GError                   **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  GStatBuf info;

  *missing = FALSE;
  if (g_stat (self->path, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          *missing = TRUE;
          return NULL;
        }
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (info.st_mode))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("it is not a regular file"));
      return NULL;
    }
  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      return NULL;
    }
  return _moisson_feed_parse_keeping_all (contents, length, error);
}

static guint
revision_of (MoissonInitiative *initiative)
{
  const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

  return contribution != NULL ? contribution->revision : 0;
}

static void
remember_base (MoissonContributionStore *self)
{
  g_hash_table_remove_all (self->base);
  for (guint i = 0; i < self->items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->base, g_strdup (moisson_initiative_get_id (initiative)),
                           GUINT_TO_POINTER (revision_of (initiative)));
    }
}

static void
take_problems (MoissonContributionStore *self,
               MoissonFeed              *feed)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      g_ptr_array_add (self->problems, problem->id != NULL ? g_strdup_printf ("%s: %s", problem->id, problem->message)
                                                           : g_strdup (problem->message));
    }
}

/* Memory becomes what the file holds; @feed NULL: an empty file. */
static void
take_feed (MoissonContributionStore *self,
           MoissonFeed              *feed)
{
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->kept, 0);
  g_ptr_array_set_size (self->problems, 0);
  if (feed != NULL)
    {
      g_ptr_array_extend (self->items, moisson_feed_get_initiatives (feed), (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_extend (self->kept, _moisson_feed_get_kept (feed), (GCopyFunc) (void (*) (void)) g_strdup, NULL);
      take_problems (self, feed);
    }
  remember_base (self);
  self->saved = TRUE;
}

static gboolean
kept_contains (MoissonContributionStore *self,
               const char               *text)
{
  return g_ptr_array_find_with_equal_func (self->kept, text, g_str_equal, NULL);
}

static void
keep_text (MoissonContributionStore *self,
           const char               *text)
{
  if (!kept_contains (self, text))
    g_ptr_array_add (self->kept, g_strdup (text));
}

/* The JSON of a contribution, without what sending it changes. */
static char *
content_of (MoissonInitiative *initiative)
{
  g_autoptr(json_object) object = _moisson_initiative_to_json (initiative);
  json_object *contribution;

  if (json_object_object_get_ex (object, "contribution", &contribution))
    {
      json_object_object_del (contribution, "sync");
      json_object_object_del (contribution, "sync_error");
      json_object_object_del (contribution, "revision");
    }
  return g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN));
}

static char *
to_plain_json (MoissonInitiative *initiative)
{
  g_autoptr(json_object) object = _moisson_initiative_to_json (initiative);

  return g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* How far a revision got with the server: a later state is never lost to
 * an earlier one another program wrote. */
static guint
sync_progress (MoissonSync sync)
{
  switch (sync)
    {
    case MOISSON_SYNC_ACCEPTED:
    case MOISSON_SYNC_REFUSED:
      return 2;
    case MOISSON_SYNC_SENT:
      return 1;
    case MOISSON_SYNC_LOCAL:
    case MOISSON_SYNC_FAILED:
    default:
      return 0;
    }
}

/* Brings what another program wrote in the file into memory, by id and
 * revision, against what the file held when this store last read or wrote
 * it. An edit wins over a removal; when both sides changed one
 * contribution, this side's version goes on and the other is kept as
 * written among the entries of the file. Returns whether memory changed. */
static gboolean
merge_file (MoissonContributionStore *self,
            MoissonFeed              *feed)
{
  GPtrArray *theirs_all = moisson_feed_get_initiatives (feed);
  GPtrArray *file_kept = _moisson_feed_get_kept (feed);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) mine_ids = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean changed = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      MoissonInitiative *mine = g_ptr_array_index (self->items, i);
      const char *id = moisson_initiative_get_id (mine);
      MoissonInitiative *theirs = moisson_feed_find_by_id (feed, id);
      gpointer base_value;
      gboolean in_base = g_hash_table_lookup_extended (self->base, id, NULL, &base_value);
      guint base_revision = GPOINTER_TO_UINT (base_value);
      gboolean mine_changed = !in_base || revision_of (mine) != base_revision;

      g_hash_table_add (mine_ids, (gpointer) id);
      if (theirs == NULL)
        {
          /* Removed by another program, and not changed here since. */
          if (in_base && !mine_changed)
            {
              changed = TRUE;
              continue;
            }
          g_ptr_array_add (merged, g_object_ref (mine));
        }
      else if (in_base && revision_of (theirs) == base_revision)
        {
          /* Untouched there; what it records of the sending may be newer. */
          if (!mine_changed && mine->contribution != NULL && theirs->contribution != NULL &&
              sync_progress (theirs->contribution->sync) > sync_progress (mine->contribution->sync))
            {
              mine->contribution->sync = theirs->contribution->sync;
              g_free (mine->contribution->sync_error);
              mine->contribution->sync_error = g_strdup (theirs->contribution->sync_error);
            }
          g_ptr_array_add (merged, g_object_ref (mine));
        }
      else if (!mine_changed)
        {
          g_ptr_array_add (merged, g_object_ref (theirs));
          changed = TRUE;
        }
      else
        {
          g_autofree char *mine_content = content_of (mine);
          g_autofree char *theirs_content = content_of (theirs);

          if (g_strcmp0 (mine_content, theirs_content) != 0)
            {
              g_autofree char *text = to_plain_json (theirs);

              keep_text (self, text);
              g_ptr_array_add (self->problems,
                               g_strdup_printf (_("%s: changed by two programs at once; the other version is kept in the file."), id));
              /* This version goes on, newer than both. */
              if (mine->contribution != NULL)
                mine->contribution->revision = MAX (revision_of (mine), revision_of (theirs)) + 1;
            }
          else if (mine->contribution != NULL)
            mine->contribution->revision = MAX (revision_of (mine), revision_of (theirs));
          g_ptr_array_add (merged, g_object_ref (mine));
        }
    }

  for (guint i = 0; i < theirs_all->len; i++)
    {
      MoissonInitiative *theirs = g_ptr_array_index (theirs_all, i);
      const char *id = moisson_initiative_get_id (theirs);
      gpointer base_value;

      if (g_hash_table_contains (mine_ids, id))
        continue;
      /* Removed here, and not changed there since. */
      if (g_hash_table_lookup_extended (self->base, id, NULL, &base_value) &&
          revision_of (theirs) == GPOINTER_TO_UINT (base_value))
        continue;
      g_ptr_array_add (merged, g_object_ref (theirs));
      changed = TRUE;
    }

  for (guint i = 0; i < file_kept->len; i++)
    if (!kept_contains (self, g_ptr_array_index (file_kept, i)))
      {
        keep_text (self, g_ptr_array_index (file_kept, i));
        changed = TRUE;
      }

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&merged));
  return changed;
}

/* The file's text: the contributions, then the entries kept as written. */
static char *
serialize (MoissonContributionStore *self)
{
  g_autofree char *text = moisson_feed_serialize (self->items, NULL, _("Contributions"));
  g_autoptr(json_object) root = NULL;
  json_object *initiatives;

  if (self->kept->len == 0)
    return g_steal_pointer (&text);
  root = json_tokener_parse (text);
  json_object_object_get_ex (root, "initiatives", &initiatives);
  for (guint i = 0; i < self->kept->len; i++)
    json_object_array_add (initiatives, json_tokener_parse (g_ptr_array_index (self->kept, i)));
  return g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

static char *
cannot_read_message (MoissonContributionStore *self,
                     const GError             *reason,
                     const char               *aside,
                     const GError             *aside_error)
{
  if (aside != NULL)
    return g_strdup_printf (_("The saved contributions in “%s” cannot be read (%s). The file was kept aside as “%s”: "
                              "send it to whoever looks after Moisson. New contributions are saved in a new file."),
                            self->path, reason->message, aside);
  return g_strdup_printf (_("The saved contributions in “%s” cannot be read (%s), and the file cannot be moved aside (%s). "
                            "It is not written over: new contributions stay in memory. Copy the file somewhere safe, "
                            "then move it away; they will then be saved."),
                          self->path, reason->message, aside_error->message);
}

/**
 * moisson_contribution_store_load:
 *
 * Reads the file; a missing file is an empty store. A file that cannot be
 * read is moved aside under a dated name and reported; when it cannot be
 * moved either, the store is read-only: the file is never written over.
 * Entries the file holds that cannot be loaded are kept as written.
 */
gboolean
moisson_contribution_store_load (MoissonContributionStore  *self,
                                 GError                   **error)
{
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) aside_error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *message = NULL;
  gboolean missing;
  int lock;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  /* Without a lock (a folder that cannot be written), reading is still right. */
  lock = lock_store (self, NULL);
  if (lock >= 0)
    remove_stale_temporary_files (self);
  feed = read_store_file (self, &missing, &local_error);
  if (feed == NULL && !missing && !keep_aside (self, &aside, &aside_error))
    g_clear_pointer (&aside, g_free);
  unlock_store (lock);

  take_feed (self, feed);
  set_read_only (self, feed == NULL && !missing && aside == NULL);
  g_signal_emit (self, signals[CHANGED], 0);

  if (feed != NULL || missing)
    {
      set_problem (self, NULL);
      return TRUE;
    }
  message = cannot_read_message (self, local_error, aside, aside_error);
  set_problem (self, message);
  g_set_error_literal (error, G_IO_ERROR, self->read_only ? G_IO_ERROR_READ_ONLY : G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
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

  feed = _moisson_feed_parse_keeping_all (data, length, error);
  if (feed == NULL)
    return FALSE;

  take_feed (self, feed);
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

/**
 * moisson_contribution_store_get_kept:
 *
 * Returns: (transfer none) (element-type utf8): the entries of the file
 *   that cannot be loaded (a duplicate id, no title…), as JSON text: never
 *   shown, always written back
 */
GPtrArray *
moisson_contribution_store_get_kept (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->kept;
}

/**
 * moisson_contribution_store_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): what reading the file
 *   reported: unknown fields and codes kept as written, entries kept
 */
GPtrArray *
moisson_contribution_store_get_problems (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->problems;
}

const char *
moisson_contribution_store_get_problem (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), NULL);
  return self->problem;
}

gboolean
moisson_contribution_store_is_read_only (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  return self->read_only;
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

/* Under the lock: reads what the file holds now, merges it, and writes the
 * result. A file that has become unreadable is moved aside first; one that
 * cannot be moved is never written over. */
static gboolean
sync_with_file (MoissonContributionStore  *self,
                gboolean                  *merged_changes,
                GError                   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *text = NULL;
  gboolean missing;
  int lock = -1;

  *merged_changes = FALSE;
  errno = 0;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno != 0 ? errno : EIO;

      g_set_error_literal (&local_error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      goto failed;
    }
  lock = lock_store (self, &local_error);
  if (lock < 0)
    goto failed;

  feed = read_store_file (self, &missing, &read_error);
  if (feed != NULL)
    *merged_changes = merge_file (self, feed);
  else if (!missing)
    {
      g_autoptr(GError) aside_error = NULL;

      if (!keep_aside (self, &aside, &aside_error))
        {
          g_autofree char *message = cannot_read_message (self, read_error, NULL, aside_error);

          unlock_store (lock);
          set_read_only (self, TRUE);
          set_problem (self, message);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY, message);
          return FALSE;
        }
    }
  set_read_only (self, FALSE);

  text = serialize (self);
  if (!moisson_file_write_atomically (self->path, text, strlen (text), 0600, &local_error))
    goto failed;
  unlock_store (lock);
  remember_base (self);
  if (aside != NULL)
    {
      g_autofree char *message = cannot_read_message (self, read_error, aside, NULL);

      set_problem (self, message);
    }
  else
    set_problem (self, NULL);
  return TRUE;

failed:
  unlock_store (lock);
  {
    g_autofree char *message = g_strdup_printf (_("The contributions cannot be saved in “%s”: %s. They are kept in memory and will be saved again."),
                                                self->path, local_error->message);

    set_problem (self, message);
    g_set_error_literal (error, G_IO_ERROR, local_error->code, message);
  }
  return FALSE;
}

/**
 * moisson_contribution_store_save:
 *
 * Writes every contribution, with what other programs wrote in the file
 * meanwhile; done after each change already: call it to try again after a
 * failure.
 */
gboolean
moisson_contribution_store_save (MoissonContributionStore  *self,
                                 GError                   **error)
{
  gboolean merged_changes;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  self->saved = sync_with_file (self, &merged_changes, error);
  if (merged_changes)
    g_signal_emit (self, signals[CHANGED], 0);
  return self->saved;
}

/* FALSE while the last save failed: memory holds more than the file. */
gboolean
moisson_contribution_store_is_saved (MoissonContributionStore *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  return self->saved;
}

/* Reads what another program wrote, without writing unless memory holds
 * changes the file lacks. */
static gboolean
refresh_cb (gpointer data)
{
  MoissonContributionStore *self = data;
  g_autoptr(MoissonFeed) feed = NULL;
  gboolean missing, changed = FALSE;

  self->refresh_source = 0;
  if (!self->saved)
    {
      moisson_contribution_store_save (self, NULL);
      return G_SOURCE_REMOVE;
    }
  /* No lock: every save renames a whole file into place, so a reader sees
   * one file or the other, and a window never waits on another program. */
  feed = read_store_file (self, &missing, NULL);
  if (feed != NULL)
    {
      changed = merge_file (self, feed);
      remember_base (self);
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed_cb (GFileMonitor             *monitor,
                    GFile                    *file,
                    GFile                    *other_file,
                    GFileMonitorEvent         event,
                    MoissonContributionStore *self)
{
  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_MOVED_IN && event != G_FILE_MONITOR_EVENT_RENAMED)
    return;
  /* A burst of events is one change. */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (100, refresh_cb, self);
}

/**
 * moisson_contribution_store_watch:
 *
 * Follows the file from now on: what another program saves in it comes
 * into memory, and "changed" is emitted. Needs a main loop.
 */
void
moisson_contribution_store_watch (MoissonContributionStore *self)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self));

  if (self->monitor != NULL)
    return;
  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_file_changed_cb), self, 0);
}

static gboolean
changed_and_saved (MoissonContributionStore  *self,
                   GError                   **error)
{
  gboolean saved = moisson_contribution_store_save (self, error);

  g_signal_emit (self, signals[CHANGED], 0);
  return saved;
}

/* Each saved change is a new revision, not sent yet. */
static void
new_revision (MoissonInitiative *initiative,
              guint              previous)
{
  if (initiative->contribution == NULL)
    return;
  initiative->contribution->revision = MAX (previous, initiative->contribution->revision) + 1;
  initiative->contribution->sync = MOISSON_SYNC_LOCAL;
  g_clear_pointer (&initiative->contribution->sync_error, g_free);
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
  gpointer base_value = NULL;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);
  g_return_val_if_fail (index_of (self, moisson_initiative_get_id (initiative)) < 0, FALSE);

  /* Added again after a removal (undone): newer than what the file had. */
  g_hash_table_lookup_extended (self->base, moisson_initiative_get_id (initiative), NULL, &base_value);
  new_revision (initiative, GPOINTER_TO_UINT (base_value));
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

  new_revision (initiative, revision_of (self->items->pdata[index]));
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

  /* Fields and codes of another feed's taxonomy come in as written. */
  feed = _moisson_feed_parse_keeping_all (data, length, error);
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

/* The record of @id, if it is still at @revision: what is learnt of an
 * older revision says nothing of the one to send. */
static MoissonContribution *
contribution_at_revision (MoissonContributionStore *self,
                          const char               *id,
                          guint                     revision)
{
  MoissonInitiative *initiative = moisson_contribution_store_lookup (self, id);

  if (initiative == NULL || initiative->contribution == NULL || initiative->contribution->revision != revision)
    return NULL;
  return initiative->contribution;
}

static void
record_sync (MoissonContribution *contribution,
             MoissonSync          sync,
             const char          *reason)
{
  contribution->sync = sync;
  g_free (contribution->sync_error);
  contribution->sync_error = g_strdup (reason);
}

/**
 * moisson_contribution_store_set_sync:
 * @revision: the revision that was sent
 *
 * Records what became of sending a revision of a contribution; saved like
 * any change, but not an undoable step. A contribution changed since that
 * revision was sent stays to be sent.
 */
gboolean
moisson_contribution_store_set_sync (MoissonContributionStore  *self,
                                     const char                *id,
                                     guint                      revision,
                                     MoissonSync                sync,
                                     const char                *reason,
                                     GError                   **error)
{
  MoissonContribution *contribution;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  contribution = contribution_at_revision (self, id, revision);
  if (contribution == NULL)
    return TRUE;
  record_sync (contribution, sync, reason);
  return changed_and_saved (self, error);
}

/**
 * moisson_contribution_store_set_decision:
 * @revision: the revision decided on
 * @reason: (nullable): why it was refused
 *
 * Records what a moderator of the server decided of a revision sent: it is
 * then accepted or refused here too. A contribution changed since stays to
 * be sent.
 */
gboolean
moisson_contribution_store_set_decision (MoissonContributionStore  *self,
                                         const char                *id,
                                         guint                      revision,
                                         gboolean                   accepted,
                                         const char                *reason,
                                         GError                   **error)
{
  MoissonContribution *contribution;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), FALSE);

  contribution = contribution_at_revision (self, id, revision);
  if (contribution == NULL)
    return TRUE;
  contribution->review = accepted ? MOISSON_REVIEW_ACCEPTED : MOISSON_REVIEW_REJECTED;
  record_sync (contribution, accepted ? MOISSON_SYNC_ACCEPTED : MOISSON_SYNC_REFUSED, accepted ? NULL : reason);
  return changed_and_saved (self, error);
}

/* The contributions whose last revision has not reached the server, and
 * is to: the workshop did not refuse it. */
guint
moisson_contribution_store_count_unsent (MoissonContributionStore *self)
{
  guint unsent = 0;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      const MoissonContribution *contribution = moisson_initiative_get_contribution (g_ptr_array_index (self->items, i));

      if (contribution != NULL && !MOISSON_SYNC_REACHED_SERVER (contribution->sync) &&
          contribution->review != MOISSON_REVIEW_REJECTED)
        unsent++;
    }
  return unsent;
}
