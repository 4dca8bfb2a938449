/* moisson-initiative-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-initiative.h"

G_BEGIN_DECLS

/* The feed parser fills initiatives field by field, then packs them.
 *
 * Packed, the strings of an initiative (with the arrays of its lists, its
 * links' and spread steps' strings and its portrait) share one block: a
 * field pointing into the block owns nothing, any other string, list or
 * portrait is the field's own. A field may thus be replaced by one of its
 * own (g_free() only what _moisson_initiative_owns() says is owned), then
 * packed again. Links and spread steps are added before packing only. */
struct _MoissonInitiative
{
  GObject parent_instance;

  char *id;
  char *title;
  char *summary;
  char *description;
  GStrv departements;
  GStrv fields;
  MoissonKind kind;
  MoissonStatus status;
  int year;
  GStrv actors;
  GStrv partners;
  GStrv tags;
  char *contact;
  GArray *links;               /* MoissonLink */
  gboolean has_location;
  double lon;
  double lat;
  char *source;
  char *source_url;
  char *updated;
  MoissonPortrait *portrait;   /* NULL unless the feed gives one */
  GArray *spread;              /* MoissonSpreadStep, in the feed's order; NULL: none given */
  GStrv extra;                 /* "key", "value", "key", "value"… kept from GeoJSON */
  char *block;                 /* NULL until packed */
  gsize block_size;
  char *search_text;           /* folded, built on first search; never packed */
  /* Caches of the filter (moisson-filter.c), each read and written in one
   * atomic access, so that any thread may match: */
  guint64 field_bits;          /* the fields as bits, once known */
  guint search_result;         /* a search's serial << 1 | whether it matched */
  guint64 index_place;         /* the filter index holding it << 32 | its place there */
  MoissonContribution *contribution;   /* NULL for what a feed brings */
};

MoissonInitiative *_moisson_initiative_new (void);
MoissonInitiative *_moisson_initiative_copy (MoissonInitiative *self);
void               _moisson_initiative_pack (MoissonInitiative *self);
gboolean           _moisson_initiative_owns (MoissonInitiative *self,
                                             gconstpointer      pointer);
void               _moisson_initiative_free_strv (MoissonInitiative *self,
                                                  GStrv              strv);
GArray            *_moisson_spread_new      (void);

/* A list model of initiatives may lend its items as one array, so that a
 * pass over all of them (the filter's counts) takes no reference per item
 * and need not know the model's type. */
void               _moisson_initiatives_lend_array (GListModel *model,
                                                    GPtrArray  *items);
GPtrArray         *_moisson_initiatives_peek_array (GListModel *model);
/* The feed member of an initiative, with its contribution record. */
struct json_object *_moisson_initiative_to_json (MoissonInitiative *self);
void               _moisson_contribution_free  (MoissonContribution *contribution);

G_END_DECLS
