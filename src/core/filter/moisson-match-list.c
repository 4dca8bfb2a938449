/* moisson-match-list.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-match-list.h"

#include "moisson-filter-private.h"
#include "moisson-initiative-private.h"

/* The initiatives of a model that match a filter, in a département or in
 * all: a list model read from the bits of the filter's pass over its
 * records, the one that counts for the map and the facets, instead of
 * asking each initiative in turn. */

struct _MoissonMatchList
{
  GObject parent_instance;

  GListModel *model;
  MoissonFilter *filter;
  char *departement;
  GArray *positions;          /* guint: in the model, of each item listed */
};

static void moisson_match_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoissonMatchList, moisson_match_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, moisson_match_list_list_model_init))

/* Lists the matches again. @same_items: the model holds the initiatives it
 * held, so only the span between the first and the last difference
 * changes, as GtkFilterListModel tells it; else everything does. */
static void
refresh (MoissonMatchList *self,
         gboolean          same_items)
{
  g_autoptr(GArray) old = self->positions;
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint first = 0, last_old, last_new;

  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->filter != NULL && n > 0)
    {
      const guint64 *bits = _moisson_filter_peek_matches (self->filter, self->model, self->departement, !same_items);

      for (guint w = 0; w < (n + 63) / 64; w++)
        for (guint64 word = bits[w]; word != 0; word &= word - 1)
          {
            guint position = w * 64 + (guint) __builtin_ctzll (word);

            g_array_append_val (self->positions, position);
          }
    }

  last_old = old->len;
  last_new = self->positions->len;
  if (same_items)
    {
      while (first < last_old && first < last_new &&
             g_array_index (old, guint, first) == g_array_index (self->positions, guint, first))
        first++;
      while (last_old > first && last_new > first &&
             g_array_index (old, guint, last_old - 1) == g_array_index (self->positions, guint, last_new - 1))
        last_old--, last_new--;
    }
  if (last_old > first || last_new > first)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last_old - first, last_new - first);
}

static void
on_filter_changed_cb (MoissonMatchList *self)
{
  refresh (self, TRUE);
}

static void
on_model_items_changed_cb (MoissonMatchList *self)
{
  refresh (self, FALSE);
}

static GType
get_item_type (GListModel *model)
{
  return MOISSON_TYPE_INITIATIVE;
}

static guint
get_n_items (GListModel *model)
{
  return MOISSON_MATCH_LIST (model)->positions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MoissonMatchList *self = MOISSON_MATCH_LIST (model);
  GPtrArray *lent;
  guint at;

  if (position >= self->positions->len)
    return NULL;
  at = g_array_index (self->positions, guint, position);
  /* Straight from the array a store lends, without walking its list. */
  lent = _moisson_initiatives_peek_array (self->model);
  if (lent != NULL && lent->len == g_list_model_get_n_items (self->model))
    return g_object_ref (g_ptr_array_index (lent, at));
  return g_list_model_get_item (self->model, at);
}

static void
moisson_match_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
moisson_match_list_dispose (GObject *object)
{
  MoissonMatchList *self = (MoissonMatchList *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (moisson_match_list_parent_class)->dispose (object);
}

static void
moisson_match_list_finalize (GObject *object)
{
  MoissonMatchList *self = (MoissonMatchList *) object;

  g_free (self->departement);
  g_array_unref (self->positions);

  G_OBJECT_CLASS (moisson_match_list_parent_class)->finalize (object);
}

static void
moisson_match_list_class_init (MoissonMatchListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moisson_match_list_dispose;
  object_class->finalize = moisson_match_list_finalize;
}

static void
moisson_match_list_init (MoissonMatchList *self)
{
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * moisson_match_list_new:
 * @initiatives: (nullable): a GListModel of MoissonInitiative
 * @filter: (nullable): the criteria; without any, nothing is listed
 *
 * Follows both: their changes list the matches again, before the
 * handlers connected to @filter after this call run.
 */
MoissonMatchList *
moisson_match_list_new (GListModel    *initiatives,
                        MoissonFilter *filter)
{
  MoissonMatchList *self = g_object_new (MOISSON_TYPE_MATCH_LIST, NULL);

  moisson_match_list_set_model (self, initiatives);
  moisson_match_list_set_filter (self, filter);
  return self;
}

void
moisson_match_list_set_model (MoissonMatchList *self,
                              GListModel       *initiatives)
{
  g_return_if_fail (MOISSON_IS_MATCH_LIST (self));
  g_return_if_fail (initiatives == NULL || G_IS_LIST_MODEL (initiatives));

  if (self->model == initiatives)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, initiatives);
  if (initiatives != NULL)
    g_signal_connect_swapped (initiatives, "items-changed", G_CALLBACK (on_model_items_changed_cb), self);
  refresh (self, FALSE);
}

void
moisson_match_list_set_filter (MoissonMatchList *self,
                               MoissonFilter    *filter)
{
  g_return_if_fail (MOISSON_IS_MATCH_LIST (self));
  g_return_if_fail (filter == NULL || MOISSON_IS_FILTER (filter));

  if (self->filter == filter)
    return;
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    g_signal_connect_swapped (filter, "changed", G_CALLBACK (on_filter_changed_cb), self);
  refresh (self, TRUE);
}

/* Only the initiatives of @code (a département's), or all of them for %NULL. */
void
moisson_match_list_set_departement (MoissonMatchList *self,
                                    const char       *code)
{
  g_return_if_fail (MOISSON_IS_MATCH_LIST (self));

  if (g_strcmp0 (self->departement, code) == 0)
    return;
  g_free (self->departement);
  self->departement = g_strdup (code);
  refresh (self, TRUE);
}
