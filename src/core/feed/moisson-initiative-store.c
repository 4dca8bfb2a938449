/* moisson-initiative-store.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative-store.h"

#include "moisson-initiative-private.h"

struct _MoissonInitiativeStore
{
  GObject parent_instance;

  GListStore *items;
  MoissonFeed *feed;          /* the catalogue of fields, shown or not */
  GPtrArray *shown_feeds;     /* MoissonFeed whose initiatives are listed */
  GArray *feed_ends;          /* guint: where each shown feed's initiatives end in the list */
  GPtrArray *contributions;   /* MoissonInitiative added in workshops */
  GHashTable *counts;   /* département code → number of initiatives */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MoissonInitiativeStore, moisson_initiative_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return MOISSON_TYPE_INITIATIVE;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (MOISSON_INITIATIVE_STORE (model)->items));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (MOISSON_INITIATIVE_STORE (model)->items), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_items_changed_cb (MoissonInitiativeStore *self,
                     guint                   position,
                     guint                   removed,
                     guint                   added,
                     GListModel             *items)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
moisson_initiative_store_dispose (GObject *object)
{
  MoissonInitiativeStore *self = (MoissonInitiativeStore *) object;

  _moisson_initiatives_lend_array (G_LIST_MODEL (self), NULL);
  g_clear_object (&self->items);
  g_clear_object (&self->feed);
  g_clear_pointer (&self->shown_feeds, g_ptr_array_unref);
  g_clear_pointer (&self->feed_ends, g_array_unref);
  g_clear_pointer (&self->contributions, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);

  G_OBJECT_CLASS (moisson_initiative_store_parent_class)->dispose (object);
}

static void
moisson_initiative_store_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MoissonInitiativeStore *self = MOISSON_INITIATIVE_STORE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_initiative_store_class_init (MoissonInitiativeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moisson_initiative_store_dispose;
  object_class->get_property = moisson_initiative_store_get_property;

  properties[PROP_FEED] =
    g_param_spec_object ("feed", NULL, NULL, MOISSON_TYPE_FEED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moisson_initiative_store_init (MoissonInitiativeStore *self)
{
  self->items = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  self->shown_feeds = g_ptr_array_new_with_free_func (g_object_unref);
  self->feed_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->items, "items-changed", G_CALLBACK (on_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

MoissonInitiativeStore *
moisson_initiative_store_new (void)
{
  return g_object_new (MOISSON_TYPE_INITIATIVE_STORE, NULL);
}

/**
 * moisson_initiative_store_count_by_departement:
 * @model: a GListModel of MoissonInitiative
 *
 * Returns: (transfer full): département code → number of initiatives of
 *   @model in it; an initiative shared by several départements counts in each
 */
GHashTable *
moisson_initiative_store_count_by_departement (GListModel *model)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), counts);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (model, i);
      const char * const *codes = moisson_initiative_get_departements (initiative);

      for (guint c = 0; codes[c] != NULL; c++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, codes[c]));

          g_hash_table_replace (counts, g_strdup (codes[c]), GUINT_TO_POINTER (count + 1));
        }
    }
  return counts;
}

/* The feeds' initiatives, then the contributions, in one splice: views
 * update once. */
static void
refill (MoissonInitiativeStore *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) changed = g_hash_table_new (g_str_hash, g_str_equal);

  /* A contribution that changes a feed's entry (same id) shows instead of
   * it, unless the workshop refused the change. */
  for (guint i = 0; self->contributions != NULL && i < self->contributions->len; i++)
    {
      MoissonInitiative *contribution = g_ptr_array_index (self->contributions, i);
      const MoissonContribution *record = moisson_initiative_get_contribution (contribution);

      if (record == NULL || record->review != MOISSON_REVIEW_REJECTED)
        g_hash_table_add (changed, (gpointer) moisson_initiative_get_id (contribution));
    }
  g_array_set_size (self->feed_ends, 0);
  for (guint i = 0; i < self->shown_feeds->len; i++)
    {
      GPtrArray *initiatives = moisson_feed_get_initiatives (g_ptr_array_index (self->shown_feeds, i));

      if (g_hash_table_size (changed) == 0)
        g_ptr_array_extend (all, initiatives, NULL, NULL);
      else
        for (guint j = 0; j < initiatives->len; j++)
          {
            const char *id = moisson_initiative_get_id (g_ptr_array_index (initiatives, j));

            if (id == NULL || !g_hash_table_contains (changed, id))
              g_ptr_array_add (all, g_ptr_array_index (initiatives, j));
          }
      g_array_append_val (self->feed_ends, all->len);
    }
  if (self->contributions != NULL)
    g_ptr_array_extend (all, self->contributions, NULL, NULL);

  /* Lent first: what "items-changed" runs may count them already. */
  _moisson_initiatives_lend_array (G_LIST_MODEL (self), all);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       all->pdata, all->len);
  g_hash_table_unref (self->counts);
  self->counts = moisson_initiative_store_count_by_departement (G_LIST_MODEL (self));
}

/* Shows @feed alone, with the contributions. */
void
moisson_initiative_store_set_feed (MoissonInitiativeStore *self,
                                   MoissonFeed            *feed)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  g_return_if_fail (MOISSON_IS_INITIATIVE_STORE (self));
  g_return_if_fail (feed == NULL || MOISSON_IS_FEED (feed));

  if (feed != NULL)
    g_ptr_array_add (shown, feed);
  moisson_initiative_store_set_feeds (self, feed, shown);
}

/**
 * moisson_initiative_store_set_feeds:
 * @catalogue: (nullable): the feed whose fields name those of all
 *   initiatives, whether its own are shown or not
 * @shown: (element-type MoissonFeed): the feeds whose initiatives are
 *   listed, in this order, before the contributions
 */
void
moisson_initiative_store_set_feeds (MoissonInitiativeStore *self,
                                    MoissonFeed            *catalogue,
                                    GPtrArray              *shown)
{
  g_return_if_fail (MOISSON_IS_INITIATIVE_STORE (self));
  g_return_if_fail (catalogue == NULL || MOISSON_IS_FEED (catalogue));
  g_return_if_fail (shown != NULL);

  g_set_object (&self->feed, catalogue);
  g_ptr_array_set_size (self->shown_feeds, 0);
  for (guint i = 0; i < shown->len; i++)
    g_ptr_array_add (self->shown_feeds, g_object_ref (g_ptr_array_index (shown, i)));
  refill (self);
  /* Even the same: a feed placed again has other initiatives. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
}

/**
 * moisson_initiative_store_set_contributions:
 * @contributions: (nullable) (element-type MoissonInitiative): shown after
 *   the feed's initiatives
 */
void
moisson_initiative_store_set_contributions (MoissonInitiativeStore *self,
                                            GPtrArray              *contributions)
{
  g_return_if_fail (MOISSON_IS_INITIATIVE_STORE (self));

  g_clear_pointer (&self->contributions, g_ptr_array_unref);
  if (contributions != NULL)
    self->contributions = g_ptr_array_copy (contributions, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  if (self->contributions != NULL)
    g_ptr_array_set_free_func (self->contributions, g_object_unref);
  refill (self);
}

MoissonFeed *
moisson_initiative_store_get_feed (MoissonInitiativeStore *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE_STORE (self), NULL);
  return self->feed;
}

MoissonInitiative *
moisson_initiative_store_find_by_id (MoissonInitiativeStore *self,
                                     const char             *id)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE_STORE (self), NULL);

  for (guint i = 0; self->contributions != NULL && i < self->contributions->len; i++)
    if (g_strcmp0 (moisson_initiative_get_id (g_ptr_array_index (self->contributions, i)), id) == 0)
      return g_ptr_array_index (self->contributions, i);
  for (guint i = 0; i < self->shown_feeds->len; i++)
    {
      MoissonInitiative *found = moisson_feed_find_by_id (g_ptr_array_index (self->shown_feeds, i), id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * moisson_initiative_store_get_feed_index:
 *
 * Returns: which of the shown feeds (in the order given to
 *   moisson_initiative_store_set_feeds ()) the item at @position comes
 *   from; %G_MAXUINT for a contribution
 */
guint
moisson_initiative_store_get_feed_index (MoissonInitiativeStore *self,
                                         guint                   position)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE_STORE (self), G_MAXUINT);

  for (guint i = 0; i < self->feed_ends->len; i++)
    if (position < g_array_index (self->feed_ends, guint, i))
      return i;
  return G_MAXUINT;
}

guint
moisson_initiative_store_count_in (MoissonInitiativeStore *self,
                                   const char             *departement_code)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE_STORE (self), 0);
  return departement_code != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, departement_code)) : 0;
}
