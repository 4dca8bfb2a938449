/* moisson-session.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "moisson-session.h"
#include "moisson-filter-private.h"

#include "moisson-server-client.h"
#include "moisson-submission.h"
#include "moisson-text.h"

struct _MoissonSession
{
  GObject parent_instance;

  /* The boundaries: the last file asked for wins. */
  MoissonAtlas *atlas;
  GCancellable *boundaries_cancellable;
  guint n_loading;
  double boundaries_progress;

  /* The sources of initiatives, each loaded once boundaries are there,
   * refreshed, kept when a new load fails. The first is the feed, whose
   * fields name those of all. */
  GListStore *sources;       /* MoissonSource */
  MoissonSource *feed_source;
  guint n_added_sources;     /* gives each its colour */
  gboolean placing;          /* the sources are placed again: one update after */
  GArray *shown_sources;     /* guint: the position in sources of each feed the store shows */
  GHashTable *duplicates;    /* MoissonInitiative → one of another source like it */
  guint refresh_interval;    /* minutes; 0: never */
  guint refresh_source;

  MoissonInitiativeStore *store;
  MoissonSimilarIndex *similar;   /* of the store's initiatives; NULL until asked */
  MoissonFilter *criteria;
  GHashTable *counts;        /* what is shown: département code → matching initiatives */
  GHashTable *pending;       /* of those, the contributions awaiting review */
  GArray *markers;           /* MoissonMapMarker, NULL before boundaries */
  GArray *located;           /* every located initiative's marker, criteria aside */
  GArray *located_positions; /* guint: where each is in the store */
  GCancellable *search_preparation;   /* of the store's words, for the first search */

  MoissonDepartement *selected;
  char *pending_selection;   /* a code, from a view, until boundaries come */

  MoissonContributionStore *contributions;
  MoissonHistory *history;
  char *submission_url;
  GCancellable *submit_cancellable;
  GCancellable *decisions_cancellable;
  guint submit_source;
  guint submit_failures;     /* in a row: the wait before the next try doubles */
};

G_DEFINE_FINAL_TYPE (MoissonSession, moisson_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ATLAS,
  PROP_LOADING,
  PROP_BOUNDARIES_PROGRESS,
  PROP_FEED,
  PROP_FEED_LOCATION,
  PROP_LOADING_FEED,
  PROP_OFFLINE,
  PROP_PROBLEMS,
  PROP_REFRESH_INTERVAL,
  PROP_SELECTED,
  PROP_SUBMISSION_URL,
  N_PROPS
};

enum {
  BOUNDARIES_FAILED,
  FEED_FAILED,
  FEED_PROGRESS,
  SHOWN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define SUBMIT_DELAY_MS 1000
#define SUBMIT_MAX_BACKOFF_S 300

static void schedule_submission (MoissonSession *self,
                                 guint           delay_ms);
static void fetch_decisions (MoissonSession *self);
static void add_source (MoissonSession *self,
                        MoissonSource  *source);

/* The contributions are shared by every session of the process: one sends
 * at a time, the others try later. */
static GQuark
submitting_quark (void)
{
  return g_quark_from_static_string ("moisson-session-submitting");
}

/* A marker without the colour of a field has that of its source;
 * contributions stay grey. */
static guint32
source_color_at (guint    position,
                 gpointer user_data)
{
  MoissonSession *self = user_data;
  guint shown = moisson_initiative_store_get_feed_index (self->store, position);
  g_autoptr(MoissonSource) source = NULL;

  if (shown >= self->shown_sources->len)
    return moisson_source_get_color (self->feed_source);
  source = g_list_model_get_item (G_LIST_MODEL (self->sources), g_array_index (self->shown_sources, guint, shown));
  return moisson_source_get_color (source);
}

/* The contributions not reviewed yet among what is shown, by département
 * as the counts have them: the store shows every contribution but the
 * refused ones, so the few of the workshop are enough to look at. */
static GHashTable *
pending_counts_new (MoissonSession *self)
{
  GPtrArray *contributions = self->contributions != NULL ? moisson_contribution_store_get_all (self->contributions) : NULL;
  GHashTable *pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; contributions != NULL && i < contributions->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (contributions, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);
      const char * const *codes = moisson_initiative_get_departements (initiative);

      if (contribution == NULL || contribution->review != MOISSON_REVIEW_PENDING ||
          !moisson_filter_match (self->criteria, initiative))
        continue;
      for (guint c = 0; codes != NULL && codes[c] != NULL; c++)
        g_hash_table_replace (pending, g_strdup (codes[c]),
                              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pending, codes[c])) + 1));
    }
  return pending;
}

/* The counts and markers of what the criteria let through: computed once,
 * read by the map, its exports and the lists alike. */
static void
update_shown (MoissonSession *self)
{
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  self->counts = moisson_filter_count_facet (self->criteria, G_LIST_MODEL (self->store), MOISSON_FACET_NONE);
  self->pending = pending_counts_new (self);
  if (self->atlas != NULL && self->located == NULL)
    {
      self->located_positions = g_array_new (FALSE, FALSE, sizeof (guint));
      self->located = moisson_map_markers_new_full (self->atlas, G_LIST_MODEL (self->store),
                                                    moisson_initiative_store_get_feed (self->store), NULL,
                                                    source_color_at, self, self->located_positions);
    }
  if (self->located != NULL)
    {
      GListModel *store = G_LIST_MODEL (self->store);
      /* Those the counts just found, in the store's order. */
      const guint64 *matches = _moisson_filter_last_matches (self->criteria, g_list_model_get_n_items (store), NULL);

      if (matches == NULL)
        matches = _moisson_filter_peek_matches (self->criteria, store, NULL, FALSE);
      self->markers = moisson_map_markers_matching (self->located, self->located_positions, matches);
    }
  g_signal_emit (self, signals[SHOWN_CHANGED], 0);
}

/* The initiatives or the boundaries changed: they are placed anew. */
static void
forget_located (MoissonSession *self)
{
  g_clear_pointer (&self->located, g_array_unref);
  g_clear_pointer (&self->located_positions, g_array_unref);
}

/* What tells two titles apart once case, accents, punctuation and the
 * small words are gone: « Le Lab 06 » and « LAB-06 » are alike. */
static char *
title_key (const char *title)
{
  static const char * const small_words[] = {
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et", "en", "a", "au", "aux", "pour", "the", "of",
  };
  g_autofree char *folded = moisson_fold_for_search (title);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  GString *key = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean small = FALSE;

      for (guint w = 0; w < G_N_ELEMENTS (small_words) && !small; w++)
        small = strcmp (words[i], small_words[w]) == 0;
      if (small || *words[i] == '\0')
        continue;
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, words[i]);
    }
  return g_string_free (key, FALSE);
}

/* Initiatives of different sources in the same département with alike
 * titles are flagged, each pointing at the other, and both kept. */
static void
find_duplicates (MoissonSession *self,
                 GPtrArray      *shown)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) feed_of = g_hash_table_new (NULL, NULL);

  g_hash_table_remove_all (self->duplicates);
  if (shown->len < 2)
    return;
  for (guint f = 0; f < shown->len; f++)
    {
      GPtrArray *initiatives = moisson_feed_get_initiatives (g_ptr_array_index (shown, f));

      for (guint i = 0; i < initiatives->len; i++)
        {
          MoissonInitiative *initiative = g_ptr_array_index (initiatives, i);
          const char * const *codes = moisson_initiative_get_departements (initiative);
          g_autofree char *key = title_key (moisson_initiative_get_title (initiative));

          if (*key == '\0')
            continue;
          g_hash_table_insert (feed_of, initiative, GUINT_TO_POINTER (f));
          for (guint c = 0; codes[c] != NULL; c++)
            {
              g_autofree char *where = g_strconcat (codes[c], "\x1f", key, NULL);
              MoissonInitiative *other = g_hash_table_lookup (seen, where);

              if (other == NULL)
                g_hash_table_insert (seen, g_steal_pointer (&where), initiative);
              else if (GPOINTER_TO_UINT (g_hash_table_lookup (feed_of, other)) != f)
                {
                  g_hash_table_insert (self->duplicates, initiative, other);
                  if (!g_hash_table_contains (self->duplicates, other))
                    g_hash_table_insert (self->duplicates, other, initiative);
                }
            }
        }
    }
}

/* The initiatives of the visible sources, then the contributions. */
static void
update_store (MoissonSession *self)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  if (self->placing)
    return;
  g_array_set_size (self->shown_sources, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);
      MoissonFeed *feed = moisson_source_get_feed (source);

      if (feed != NULL && moisson_source_get_visible (source))
        {
          g_ptr_array_add (shown, feed);
          g_array_append_val (self->shown_sources, i);
        }
    }
  find_duplicates (self, shown);
  moisson_initiative_store_set_feeds (self->store, moisson_source_get_feed (self->feed_source), shown);
}

static void
set_selected (MoissonSession     *self,
              MoissonDepartement *departement)
{
  if (!g_set_object (&self->selected, departement))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* A code from a view becomes the selection once boundaries hold it. */
static void
apply_pending_selection (MoissonSession *self)
{
  if (self->pending_selection == NULL || self->atlas == NULL)
    return;
  set_selected (self, moisson_atlas_lookup (self->atlas, self->pending_selection));
  g_clear_pointer (&self->pending_selection, g_free);
}

static void
on_source_progress (MoissonSession *self,
                    guint64         received,
                    guint64         total)
{
  g_signal_emit (self, signals[FEED_PROGRESS], 0, received, total);
}

static void
on_source_failed (MoissonSession *self,
                  const char     *message,
                  MoissonSource  *source)
{
  g_autofree char *name = NULL;
  g_autofree char *named = NULL;

  if (source == self->feed_source)
    {
      g_signal_emit (self, signals[FEED_FAILED], 0, message);
      return;
    }
  name = moisson_source_dup_name (source);
  /* TRANSLATORS: a source of initiatives, then why it could not be loaded */
  named = g_strdup_printf (_("“%s”: %s"), name, message);
  g_signal_emit (self, signals[FEED_FAILED], 0, named);
}

static void
on_source_feed_cb (MoissonSession *self,
                   GParamSpec     *pspec,
                   MoissonSource  *source)
{
  update_store (self);
  if (source != self->feed_source || self->placing)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
}

static void
on_source_visible_cb (MoissonSession *self)
{
  update_store (self);
}

static void
on_source_loading_cb (MoissonSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_FEED]);
}

static void
on_source_location_cb (MoissonSession *self,
                       GParamSpec     *pspec,
                       MoissonSource  *source)
{
  if (source == self->feed_source)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED_LOCATION]);
}

static void
on_boundaries_progress (GObject *target,
                        double   fraction)
{
  MoissonSession *self = MOISSON_SESSION (target);

  self->boundaries_progress = fraction;
  g_object_notify_by_pspec (target, properties[PROP_BOUNDARIES_PROGRESS]);
}

static void
on_boundaries_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MoissonSession) self = user_data;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(GError) error = NULL;

  atlas = moisson_atlas_load_finish (result, &error);
  if (--self->n_loading == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (atlas == NULL)
    {
      /* The map keeps what it showed before. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[BOUNDARIES_FAILED], 0, error->message);
      return;
    }

  moisson_session_set_atlas (self, atlas);
  /* The sources shown are placed again with the new boundaries, without
   * fetching them; those still to come are loaded now that they are here. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) waiting = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (moisson_source_get_feed (waiting) == NULL && moisson_source_get_location (waiting) != NULL &&
          !moisson_source_is_loading (waiting))
        moisson_source_load (waiting, atlas, NULL, NULL);
    }
}

static void
on_search_prepared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  moisson_filter_prepare_search_finish (MOISSON_FILTER (source), result, NULL);
}

/* Large stores only: a small one is searched at once anyway. */
#define PREPARE_SEARCH_FROM 5000

static void
on_store_changed_cb (MoissonSession *self)
{
  forget_located (self);
  update_shown (self);
  g_cancellable_cancel (self->search_preparation);
  g_clear_object (&self->search_preparation);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) >= PREPARE_SEARCH_FROM)
    {
      self->search_preparation = g_cancellable_new ();
      moisson_filter_prepare_search_async (self->criteria, G_LIST_MODEL (self->store), self->search_preparation,
                                           on_search_prepared_cb, NULL);
    }
}

static void
on_criteria_changed_cb (MoissonSession *self)
{
  update_shown (self);
}

static void
on_store_items_changed_cb (MoissonSession *self)
{
  g_clear_pointer (&self->similar, moisson_similar_index_unref);
}

static void
on_contributions_changed_cb (MoissonSession *self)
{
  moisson_initiative_store_set_contributions (self->store, moisson_contribution_store_get_all (self->contributions));
  schedule_submission (self, SUBMIT_DELAY_MS);
}

/* Sending contributions: soon after each change, and again with growing
 * waits while the network or the server fails. */

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MoissonSession) self = user_data;
  g_autoptr(GError) error = NULL;
  guint sent = 0, failed = 0;

  g_object_set_qdata (source, submitting_quark (), NULL);
  if (!moisson_submit_pending_finish (MOISSON_CONTRIBUTION_STORE (source), result, &sent, &failed, &error))
    return;   /* cancelled */
  g_clear_object (&self->submit_cancellable);

  /* Refused for good is not sent again: only what failed waits longer. */
  if (failed > 0 && moisson_contribution_store_count_unsent (self->contributions) > 0)
    {
      guint wait_s = MIN (5u << MIN (self->submit_failures, 6u), (guint) SUBMIT_MAX_BACKOFF_S);

      self->submit_failures++;
      schedule_submission (self, wait_s * 1000);
    }
  else
    {
      self->submit_failures = 0;
      /* Edited while it was being sent: that revision goes next. */
      if (moisson_contribution_store_count_unsent (self->contributions) > 0)
        schedule_submission (self, SUBMIT_DELAY_MS);
    }
  if (sent > 0)
    fetch_decisions (self);
}

static void
on_decisions_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MoissonSession) self = user_data;

  /* Unreachable, the server is asked again at the next refresh. */
  moisson_fetch_decisions_finish (MOISSON_CONTRIBUTION_STORE (source), result, NULL, NULL);
  g_clear_object (&self->decisions_cancellable);
}

/* What the server's moderators decided of the contributions it has: asked
 * after sending, and with each refresh. */
static void
fetch_decisions (MoissonSession *self)
{
  if (self->submission_url == NULL || self->contributions == NULL || self->decisions_cancellable != NULL)
    return;
  self->decisions_cancellable = g_cancellable_new ();
  moisson_fetch_decisions_async (self->contributions, self->submission_url, NULL, self->decisions_cancellable,
                                 on_decisions_cb, g_object_ref (self));
}

static gboolean
submit_cb (gpointer data)
{
  MoissonSession *self = data;
  g_autofree char *url = NULL;

  self->submit_source = 0;
  if (self->submission_url == NULL || self->submit_cancellable != NULL)
    return G_SOURCE_REMOVE;
  if (g_object_get_qdata (G_OBJECT (self->contributions), submitting_quark ()) != NULL)
    {
      schedule_submission (self, SUBMIT_DELAY_MS);
      return G_SOURCE_REMOVE;
    }
  g_object_set_qdata (G_OBJECT (self->contributions), submitting_quark (), self);
  self->submit_cancellable = g_cancellable_new ();
  url = moisson_server_endpoint (self->submission_url, "contributions");
  moisson_submit_pending_async (self->contributions, url, NULL, self->submit_cancellable,
                                on_submitted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_submission (MoissonSession *self,
                     guint           delay_ms)
{
  if (self->submission_url == NULL || self->contributions == NULL)
    return;
  g_clear_handle_id (&self->submit_source, g_source_remove);
  self->submit_source = g_timeout_add (delay_ms, submit_cb, self);
}

static gboolean
refresh_cb (gpointer data)
{
  MoissonSession *self = data;

  for (guint i = 0; self->atlas != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (moisson_source_get_location (source) != NULL && !moisson_source_is_loading (source))
        moisson_source_load (source, self->atlas, NULL, NULL);
    }
  fetch_decisions (self);
  return G_SOURCE_CONTINUE;
}

static void
moisson_session_dispose (GObject *object)
{
  MoissonSession *self = (MoissonSession *) object;

  moisson_session_cancel (self);
  g_cancellable_cancel (self->search_preparation);
  g_clear_object (&self->search_preparation);
  if (self->contributions != NULL)
    g_signal_handlers_disconnect_by_data (self->contributions, self);
  g_clear_object (&self->contributions);
  g_clear_object (&self->history);
  g_clear_object (&self->boundaries_cancellable);
  for (guint i = 0; self->sources != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      g_signal_handlers_disconnect_by_data (source, self);
    }
  g_clear_object (&self->sources);
  g_clear_object (&self->feed_source);
  g_clear_object (&self->submit_cancellable);
  g_clear_object (&self->decisions_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->criteria != NULL)
    g_signal_handlers_disconnect_by_data (self->criteria, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->criteria);
  g_clear_object (&self->store);
  g_clear_object (&self->atlas);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (moisson_session_parent_class)->dispose (object);
}

static void
moisson_session_finalize (GObject *object)
{
  MoissonSession *self = (MoissonSession *) object;

  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  forget_located (self);
  g_clear_pointer (&self->shown_sources, g_array_unref);
  g_clear_pointer (&self->duplicates, g_hash_table_unref);
  g_clear_pointer (&self->similar, moisson_similar_index_unref);
  g_free (self->pending_selection);
  g_free (self->submission_url);

  G_OBJECT_CLASS (moisson_session_parent_class)->finalize (object);
}

static void
moisson_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MoissonSession *self = MOISSON_SESSION (object);

  switch (prop_id)
    {
    case PROP_ATLAS:
      g_value_set_object (value, self->atlas);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, moisson_session_is_loading (self));
      break;
    case PROP_BOUNDARIES_PROGRESS:
      g_value_set_double (value, self->boundaries_progress);
      break;
    case PROP_FEED:
      g_value_set_object (value, moisson_session_get_feed (self));
      break;
    case PROP_FEED_LOCATION:
      g_value_set_string (value, moisson_source_get_location (self->feed_source));
      break;
    case PROP_LOADING_FEED:
      g_value_set_boolean (value, moisson_session_is_loading_feed (self));
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, moisson_session_is_offline (self));
      break;
    case PROP_PROBLEMS:
      g_value_set_uint (value, moisson_session_get_feed (self) != NULL
                                 ? moisson_feed_count_problems (moisson_session_get_feed (self)) : 0);
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_int (value, (int) self->refresh_interval);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_SUBMISSION_URL:
      g_value_set_string (value, self->submission_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MoissonSession *self = MOISSON_SESSION (object);

  switch (prop_id)
    {
    case PROP_FEED_LOCATION:
      moisson_session_set_feed_location (self, g_value_get_string (value));
      break;
    case PROP_REFRESH_INTERVAL:
      moisson_session_set_refresh_interval (self, (guint) g_value_get_int (value));
      break;
    case PROP_SELECTED:
      moisson_session_set_selected (self, g_value_get_object (value));
      break;
    case PROP_SUBMISSION_URL:
      moisson_session_set_submission_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_session_class_init (MoissonSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags writable = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = moisson_session_dispose;
  object_class->finalize = moisson_session_finalize;
  object_class->get_property = moisson_session_get_property;
  object_class->set_property = moisson_session_set_property;

  properties[PROP_ATLAS] = g_param_spec_object ("atlas", NULL, NULL, MOISSON_TYPE_ATLAS, readable);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, readable);
  properties[PROP_BOUNDARIES_PROGRESS] =
    g_param_spec_double ("boundaries-progress", NULL, NULL, 0, 1, 0, readable);
  properties[PROP_FEED] = g_param_spec_object ("feed", NULL, NULL, MOISSON_TYPE_FEED, readable);
  properties[PROP_FEED_LOCATION] = g_param_spec_string ("feed-location", NULL, NULL, NULL, writable);
  properties[PROP_LOADING_FEED] = g_param_spec_boolean ("loading-feed", NULL, NULL, FALSE, readable);
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, readable);
  /* How many entries of the feed shown were not loaded, or not whole. */
  properties[PROP_PROBLEMS] = g_param_spec_uint ("problems", NULL, NULL, 0, G_MAXUINT, 0, readable);
  /* In minutes, as the settings keep it; 0 for never. */
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_int ("refresh-interval", NULL, NULL, 0, G_MAXINT / 60, 0, writable);
  properties[PROP_SELECTED] = g_param_spec_object ("selected", NULL, NULL, MOISSON_TYPE_DEPARTEMENT, writable);
  properties[PROP_SUBMISSION_URL] = g_param_spec_string ("submission-url", NULL, NULL, NULL, writable);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoissonSession::boundaries-failed:
   * @message: why the file was refused
   *
   * The boundaries shown stay as they were.
   */
  signals[BOUNDARIES_FAILED] = g_signal_new ("boundaries-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoissonSession::feed-failed:
   * @message: why the feed could not be loaded
   *
   * The initiatives shown stay as they were.
   */
  signals[FEED_FAILED] = g_signal_new ("feed-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoissonSession::feed-progress:
   * @received: bytes received so far
   * @total: the expected total, 0 when unknown
   */
  signals[FEED_PROGRESS] = g_signal_new ("feed-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  /**
   * MoissonSession::shown-changed:
   *
   * The counts and markers of what is shown changed: the criteria, the
   * initiatives or the boundaries did.
   */
  signals[SHOWN_CHANGED] = g_signal_new ("shown-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
moisson_session_init (MoissonSession *self)
{
  self->boundaries_cancellable = g_cancellable_new ();
  self->store = moisson_initiative_store_new ();
  self->criteria = moisson_filter_new ();
  g_signal_connect_swapped (self->store, "items-changed", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (self->store, "items-changed", G_CALLBACK (on_store_items_changed_cb), self);
  g_signal_connect_swapped (self->criteria, "changed", G_CALLBACK (on_criteria_changed_cb), self);
  self->counts = moisson_filter_count_facet (self->criteria, G_LIST_MODEL (self->store), MOISSON_FACET_NONE);
  self->sources = g_list_store_new (MOISSON_TYPE_SOURCE);
  self->shown_sources = g_array_new (FALSE, FALSE, sizeof (guint));
  self->duplicates = g_hash_table_new (NULL, NULL);
  self->feed_source = moisson_source_new (NULL, NULL, 0);
  add_source (self, self->feed_source);
}

/**
 * moisson_session_new:
 * @contributions: (nullable): the contributions to add to, undo and send,
 *   which other sessions may share; %NULL for none, as in a command
 */
MoissonSession *
moisson_session_new (MoissonContributionStore *contributions)
{
  MoissonSession *self;

  g_return_val_if_fail (contributions == NULL || MOISSON_IS_CONTRIBUTION_STORE (contributions), NULL);

  self = g_object_new (MOISSON_TYPE_SESSION, NULL);
  if (contributions == NULL)
    return self;
  self->contributions = g_object_ref (contributions);
  self->history = moisson_history_new (contributions);
  g_signal_connect_swapped (contributions, "changed", G_CALLBACK (on_contributions_changed_cb), self);
  moisson_initiative_store_set_contributions (self->store, moisson_contribution_store_get_all (contributions));
  return self;
}

MoissonAtlas *
moisson_session_get_atlas (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->atlas;
}

/**
 * moisson_session_load_boundaries:
 * @options: (nullable): how to read the file's fields
 *
 * Loads a shapefile in a worker thread. The session shows it once ready
 * (and loads its feed again), or keeps what it had and emits
 * MoissonSession::boundaries-failed.
 */
void
moisson_session_load_boundaries (MoissonSession                *self,
                                 const char                    *path,
                                 const MoissonShapefileOptions *options)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  /* The last file asked for wins: an earlier load still under way is
   * cancelled, so it cannot replace this one when it finishes late. */
  g_cancellable_cancel (self->boundaries_cancellable);
  g_clear_object (&self->boundaries_cancellable);
  self->boundaries_cancellable = g_cancellable_new ();

  if (self->n_loading++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  on_boundaries_progress (G_OBJECT (self), 0);
  moisson_atlas_load_with_progress_async (path, options, self->boundaries_cancellable,
                                          on_boundaries_progress, G_OBJECT (self),
                                          on_boundaries_loaded_cb, g_object_ref (self));
}

/**
 * moisson_session_set_atlas:
 *
 * Shows boundaries loaded by the caller, as a command does.
 */
void
moisson_session_set_atlas (MoissonSession *self,
                           MoissonAtlas   *atlas)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));

  /* The départements of the old boundaries are gone with them. */
  set_selected (self, NULL);
  g_set_object (&self->atlas, atlas);
  forget_located (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATLAS]);
  apply_pending_selection (self);
  self->placing = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      moisson_source_place (source, atlas);
    }
  self->placing = FALSE;
  update_store (self);
  if (moisson_session_get_feed (self) != NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
    }
}

gboolean
moisson_session_is_loading (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), FALSE);
  return self->n_loading > 0;
}

const char *
moisson_session_get_feed_location (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return moisson_source_get_location (self->feed_source);
}

/* Where the feed comes from; loaded once boundaries are there. */
void
moisson_session_set_feed_location (MoissonSession *self,
                                   const char     *location)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  if (g_strcmp0 (moisson_source_get_location (self->feed_source), location) == 0)
    return;
  moisson_source_set_location (self->feed_source, location, NULL);
}

/**
 * moisson_session_load_feed:
 * @location: an http(s) address, a file URI or a path
 *
 * Downloads and reads a feed in a worker thread, once boundaries are
 * there; MoissonSession:feed follows when it loads, and
 * MoissonSession::feed-failed says why it did not.
 */
void
moisson_session_load_feed (MoissonSession *self,
                           const char     *location)
{
  moisson_session_load_feed_mapped (self, location, NULL);
}

/**
 * moisson_session_load_feed_mapped:
 * @mapping: (nullable): the columns the user chose for @location; %NULL
 *   to find them by their names
 *
 * As moisson_session_load_feed (); the mapping stays with the feed, for its
 * refreshes.
 */
void
moisson_session_load_feed_mapped (MoissonSession           *self,
                                  const char               *location,
                                  const MoissonFeedMapping *mapping)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (location != NULL);

  /* Boundaries first: the feed follows them. */
  if (self->atlas == NULL)
    moisson_source_set_location (self->feed_source, location, mapping);
  else
    moisson_source_load (self->feed_source, self->atlas, location, mapping);
}

/**
 * moisson_session_set_feed:
 *
 * Shows a feed loaded by the caller, as a command does.
 */
void
moisson_session_set_feed (MoissonSession *self,
                          MoissonFeed    *feed)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (MOISSON_IS_FEED (feed));

  moisson_source_set_feed (self->feed_source, feed);
}

/* Stops every load under way; what was shown stays. */
void
moisson_session_cancel_feed (MoissonSession *self)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      moisson_source_cancel (source);
    }
}

/* Whether any source is being loaded. */
gboolean
moisson_session_is_loading_feed (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (moisson_source_is_loading (source))
        return TRUE;
    }
  return FALSE;
}

/* The feed of the first source, shown or not. */
MoissonFeed *
moisson_session_get_feed (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return moisson_source_get_feed (self->feed_source);
}

static void
add_source (MoissonSession *self,
            MoissonSource  *source)
{
  g_signal_connect_object (source, "notify::feed", G_CALLBACK (on_source_feed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::visible", G_CALLBACK (on_source_visible_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::loading", G_CALLBACK (on_source_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::location", G_CALLBACK (on_source_location_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "failed", G_CALLBACK (on_source_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "progress", G_CALLBACK (on_source_progress), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->sources, source);
}

/**
 * moisson_session_get_sources:
 *
 * Returns: (transfer none): the MoissonSource shown, the feed first
 */
GListModel *
moisson_session_get_sources (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->sources);
}

/**
 * moisson_session_add_source:
 * @location: a file or an address of initiatives, shown as well as the feed
 * @mapping: (nullable): its columns, as the user chose them
 *
 * Loads it once boundaries are there, and with each refresh.
 *
 * Returns: (transfer none): the new source
 */
MoissonSource *
moisson_session_add_source (MoissonSession           *self,
                            const char               *location,
                            const MoissonFeedMapping *mapping)
{
  g_autoptr(MoissonSource) source = NULL;

  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  g_return_val_if_fail (location != NULL, NULL);

  source = moisson_source_new (location, mapping, ++self->n_added_sources);
  add_source (self, source);
  if (self->atlas != NULL)
    moisson_source_load (source, self->atlas, NULL, NULL);
  return source;
}

/* Every source but the feed can be removed; the feed is replaced. */
void
moisson_session_remove_source (MoissonSession *self,
                               MoissonSource  *source)
{
  guint position;

  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (MOISSON_IS_SOURCE (source));
  g_return_if_fail (source != self->feed_source);

  if (!g_list_store_find (self->sources, source, &position))
    return;
  moisson_source_cancel (source);
  g_signal_handlers_disconnect_by_data (source, self);
  g_list_store_remove (self->sources, position);
  update_store (self);
}

/**
 * moisson_session_find_source:
 *
 * Returns: (transfer none) (nullable): the source @initiative comes from;
 *   %NULL for a contribution
 */
MoissonSource *
moisson_session_find_source (MoissonSession    *self,
                             MoissonInitiative *initiative)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);
      MoissonFeed *feed = moisson_source_get_feed (source);
      const char *id = moisson_initiative_get_id (initiative);

      if (feed != NULL && id != NULL && moisson_feed_find_by_id (feed, id) == initiative)
        return source;
    }
  return NULL;
}

/**
 * moisson_session_get_duplicate:
 *
 * Returns: (transfer none) (nullable): an initiative of another visible
 *   source in one of @initiative's départements, with a title like its own
 */
MoissonInitiative *
moisson_session_get_duplicate (MoissonSession    *self,
                               MoissonInitiative *initiative)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return g_hash_table_lookup (self->duplicates, initiative);
}

/* How many initiatives shown are like one of another source. */
guint
moisson_session_count_duplicates (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), 0);
  return g_hash_table_size (self->duplicates);
}

/* Showing the last good copy of the feed, the network failing. */
gboolean
moisson_session_is_offline (MoissonSession *self)
{
  MoissonFeed *feed;

  g_return_val_if_fail (MOISSON_IS_SESSION (self), FALSE);

  feed = moisson_initiative_store_get_feed (self->store);
  return feed != NULL && moisson_feed_is_offline (feed);
}

/* Loads the feed again every @minutes; 0 for never. */
void
moisson_session_set_refresh_interval (MoissonSession *self,
                                      guint           minutes)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  if (self->refresh_interval == minutes)
    return;
  self->refresh_interval = minutes;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (minutes > 0)
    self->refresh_source = g_timeout_add_seconds (minutes * 60, refresh_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

/**
 * moisson_session_get_store:
 *
 * Returns: (transfer none): the initiatives: the feed's, then the
 *   contributions
 */
MoissonInitiativeStore *
moisson_session_get_store (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->store;
}

/**
 * moisson_session_get_similar_index:
 *
 * Built on first use after the initiatives change, so that a session
 * nobody asks pays nothing, and one typing pays once.
 *
 * Returns: (transfer none): the similarity index of every initiative of
 *   the store, valid until the store changes
 */
MoissonSimilarIndex *
moisson_session_get_similar_index (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);

  if (self->similar == NULL)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
        g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (self->store), i));
      self->similar = moisson_similar_index_new (all);
    }
  return self->similar;
}

/**
 * moisson_session_get_criteria:
 *
 * Returns: (transfer none): the filters, which the side panel edits
 */
MoissonFilter *
moisson_session_get_criteria (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->criteria;
}

/**
 * moisson_session_get_counts:
 *
 * Returns: (transfer none): département code → number of initiatives
 *   the criteria let through
 */
GHashTable *
moisson_session_get_counts (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->counts;
}

/**
 * moisson_session_get_pending:
 *
 * Returns: (transfer none) (nullable): département code → how many of
 *   its count are contributions awaiting review
 */
GHashTable *
moisson_session_get_pending (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->pending;
}

/**
 * moisson_session_get_markers:
 *
 * Returns: (transfer none) (nullable) (element-type MoissonMapMarker): the
 *   located initiatives the criteria let through, %NULL before boundaries
 */
GArray *
moisson_session_get_markers (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->markers;
}

/**
 * moisson_session_get_map_state:
 * @state: (out caller-allocates): what the map draws of the session: the
 *   selection, counts and markers, borrowed from it
 *
 * The window's map, its exports and the command line all draw from this.
 */
void
moisson_session_get_map_state (MoissonSession  *self,
                               MoissonMapState *state)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (state != NULL);

  *state = (MoissonMapState) { 0 };
  state->selected_code = self->selected != NULL ? moisson_departement_get_code (self->selected) : NULL;
  state->show_labels = TRUE;
  state->counts = self->counts;
  state->pending = self->pending;
  if (self->markers != NULL)
    {
      state->markers = (const MoissonMapMarker *) self->markers->data;
      state->n_markers = self->markers->len;
    }
}

MoissonDepartement *
moisson_session_get_selected (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->selected;
}

/* A département chosen by the user: it wins over one a view asked for. */
void
moisson_session_set_selected (MoissonSession     *self,
                              MoissonDepartement *departement)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));
  g_return_if_fail (departement == NULL || MOISSON_IS_DEPARTEMENT (departement));

  if (departement != NULL)
    g_clear_pointer (&self->pending_selection, g_free);
  set_selected (self, departement);
}

/**
 * moisson_session_select_code:
 * @code: (nullable): a département code; %NULL for none
 *
 * Selects the département of that code, now or once boundaries are there.
 */
void
moisson_session_select_code (MoissonSession *self,
                             const char     *code)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  g_free (self->pending_selection);
  self->pending_selection = g_strdup (code);
  if (code == NULL)
    set_selected (self, NULL);
  apply_pending_selection (self);
}

/* The selected département's code, or the one still waiting for boundaries. */
const char *
moisson_session_get_selected_code (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);

  if (self->selected != NULL)
    return moisson_departement_get_code (self->selected);
  return self->pending_selection;
}

/**
 * moisson_session_dup_view:
 * @place: where the map looks; its selection is the session's
 *
 * Returns: (transfer full): the filters, selection, place and sources, as
 *   the JSON of a .moisson-view file
 */
char *
moisson_session_dup_view (MoissonSession         *self,
                          const MoissonViewPlace *place)
{
  MoissonViewPlace with_selection;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  g_return_val_if_fail (place != NULL, NULL);

  with_selection = *place;
  with_selection.selected = (char *) moisson_session_get_selected_code (self);
  /* The sources after the feed, borrowed. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);
      MoissonViewSource *saved = g_new0 (MoissonViewSource, 1);

      saved->location = (char *) moisson_source_get_location (source);
      saved->mapping = (MoissonFeedMapping *) moisson_source_get_mapping (source);
      saved->visible = moisson_source_get_visible (source);
      g_ptr_array_add (sources, saved);
    }
  with_selection.sources = sources;
  with_selection.feed_hidden = !moisson_source_get_visible (self->feed_source);
  return moisson_view_file_serialize (self->criteria, &with_selection);
}

/* The sources after the feed become those of the view, those already
 * there kept as they are loaded. */
static void
apply_sources (MoissonSession *self,
               GPtrArray      *sources,
               gboolean        feed_hidden)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);

  moisson_source_set_visible (self->feed_source, !feed_hidden);
  for (guint i = 0; i < sources->len; i++)
    {
      const MoissonViewSource *wanted = g_ptr_array_index (sources, i);
      g_autoptr(MoissonSource) found = NULL;

      for (guint s = 1; found == NULL && s < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); s++)
        {
          g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), s);

          if (g_strcmp0 (moisson_source_get_location (source), wanted->location) == 0 &&
              moisson_feed_mapping_equal (moisson_source_get_mapping (source), wanted->mapping))
            found = g_steal_pointer (&source);
        }
      if (found == NULL)
        found = g_object_ref (moisson_session_add_source (self, wanted->location, wanted->mapping));
      moisson_source_set_visible (found, wanted->visible);
      g_ptr_array_add (kept, g_steal_pointer (&found));
    }
  for (guint s = g_list_model_get_n_items (G_LIST_MODEL (self->sources)); s-- > 1;)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), s);

      if (!g_ptr_array_find (kept, source, NULL))
        moisson_session_remove_source (self, source);
    }
}

/**
 * moisson_session_apply_view:
 * @text: the JSON of a .moisson-view file
 * @place: (out caller-allocates): where the map is to look; clear it with
 *   moisson_view_place_clear ()
 *
 * Sets the filters, the selection and, when @text names them, the
 * sources of @text.
 *
 * Returns: %FALSE with @error set, and nothing changed, when @text is not
 *   a view
 */
gboolean
moisson_session_apply_view (MoissonSession    *self,
                            const char        *text,
                            MoissonViewPlace  *place,
                            GError           **error)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (place != NULL, FALSE);

  *place = (MoissonViewPlace) { NULL };
  if (!moisson_view_file_parse (text, -1, self->criteria, place, error))
    return FALSE;
  moisson_session_select_code (self, place->selected);
  if (place->sources != NULL)
    apply_sources (self, place->sources, place->feed_hidden);
  return TRUE;
}

MoissonContributionStore *
moisson_session_get_contributions (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->contributions;
}

/**
 * moisson_session_get_history:
 *
 * Returns: (transfer none): this session's undo and redo of changes to the
 *   contributions
 */
MoissonHistory *
moisson_session_get_history (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->history;
}

const char *
moisson_session_get_submission_url (MoissonSession *self)
{
  g_return_val_if_fail (MOISSON_IS_SESSION (self), NULL);
  return self->submission_url;
}

/**
 * moisson_session_set_submission_url:
 * @url: (nullable): the Moisson server contributions are sent to (or the
 *   address they are posted to); %NULL or "" for none
 *
 * A new address is tried at once, whatever failed before.
 */
void
moisson_session_set_submission_url (MoissonSession *self,
                                    const char     *url)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  if (url != NULL && *url == '\0')
    url = NULL;
  if (g_strcmp0 (self->submission_url, url) != 0)
    {
      g_free (self->submission_url);
      self->submission_url = g_strdup (url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION_URL]);
    }
  self->submit_failures = 0;
  if (url == NULL)
    g_clear_handle_id (&self->submit_source, g_source_remove);
  schedule_submission (self, 0);
  fetch_decisions (self);
}

/* Stops what is under way, so that nothing reaches a closed window. */
void
moisson_session_cancel (MoissonSession *self)
{
  g_return_if_fail (MOISSON_IS_SESSION (self));

  if (self->boundaries_cancellable != NULL)
    g_cancellable_cancel (self->boundaries_cancellable);
  if (self->sources != NULL)
    moisson_session_cancel_feed (self);
  if (self->submit_cancellable != NULL)
    g_cancellable_cancel (self->submit_cancellable);
  if (self->decisions_cancellable != NULL)
    g_cancellable_cancel (self->decisions_cancellable);
  g_clear_handle_id (&self->submit_source, g_source_remove);
}
