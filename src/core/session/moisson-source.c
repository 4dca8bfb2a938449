/* moisson-source.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "moisson-source.h"

struct _MoissonSource
{
  GObject parent_instance;

  char *location;                /* the one shown, or to show first */
  MoissonFeedMapping *mapping;
  char *pending_location;        /* being loaded: becomes the location once it loads */
  MoissonFeedMapping *pending_mapping;
  GCancellable *cancellable;     /* while loading */
  MoissonFeed *feed;
  char *error;
  guint color_index;
  gboolean visible;
};

G_DEFINE_FINAL_TYPE (MoissonSource, moisson_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_NAME,
  PROP_FEED,
  PROP_N_INITIATIVES,
  PROP_VISIBLE,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

enum {
  FAILED,
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The feed's markers without a field colour stay grey, as they always
 * were; the other sources' are apart from each other, readable on the
 * map's light and dark backgrounds. */
#define FEED_COLOR 0x777777
static const guint32 source_colors[] = {
  0xc64600, 0x1c71d8, 0x26a269, 0x9141ac, 0xa51d2d, 0x986a44, 0x0f8a8a,
};

static void
moisson_source_dispose (GObject *object)
{
  MoissonSource *self = (MoissonSource *) object;

  moisson_source_cancel (self);
  g_clear_object (&self->feed);

  G_OBJECT_CLASS (moisson_source_parent_class)->dispose (object);
}

static void
moisson_source_finalize (GObject *object)
{
  MoissonSource *self = (MoissonSource *) object;

  g_free (self->location);
  g_free (self->pending_location);
  moisson_feed_mapping_free (self->mapping);
  moisson_feed_mapping_free (self->pending_mapping);
  g_free (self->error);

  G_OBJECT_CLASS (moisson_source_parent_class)->finalize (object);
}

static void
moisson_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MoissonSource *self = MOISSON_SOURCE (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_NAME:
      g_value_take_string (value, moisson_source_dup_name (self));
      break;
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;
    case PROP_N_INITIATIVES:
      g_value_set_uint (value, moisson_source_get_n_initiatives (self));
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, moisson_source_is_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MoissonSource *self = MOISSON_SOURCE (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      moisson_source_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_source_class_init (MoissonSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = moisson_source_dispose;
  object_class->finalize = moisson_source_finalize;
  object_class->get_property = moisson_source_get_property;
  object_class->set_property = moisson_source_set_property;

  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, readable);
  /* The feed's title, or the file's name. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, readable);
  properties[PROP_FEED] = g_param_spec_object ("feed", NULL, NULL, MOISSON_TYPE_FEED, readable);
  properties[PROP_N_INITIATIVES] = g_param_spec_uint ("n-initiatives", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_VISIBLE] = g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, readable);
  /* Why the last load failed; %NULL once one works. */
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoissonSource::failed:
   * @message: why the location could not be loaded
   *
   * What the source showed stays shown.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoissonSource::progress:
   * @received: bytes received so far
   * @total: the expected total, 0 when unknown
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
moisson_source_init (MoissonSource *self)
{
  self->visible = TRUE;
}

/**
 * moisson_source_new:
 * @location: (nullable): an http(s) address, a file URI or a path; %NULL
 *   until one is loaded
 * @mapping: (nullable): the columns the user chose; %NULL to find them by
 *   their names
 * @color_index: its place among the sources, which gives its colour: 0
 *   for the feed
 */
MoissonSource *
moisson_source_new (const char               *location,
                    const MoissonFeedMapping *mapping,
                    guint                     color_index)
{
  MoissonSource *self = g_object_new (MOISSON_TYPE_SOURCE, NULL);

  self->location = g_strdup (location);
  self->mapping = moisson_feed_mapping_copy (mapping);
  self->color_index = color_index;
  return self;
}

const char *
moisson_source_get_location (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), NULL);
  return self->location;
}

/**
 * moisson_source_set_location:
 * @mapping: (nullable): its columns
 *
 * Where to load from, the next time the source loads: before boundaries
 * are there to place what it holds.
 */
void
moisson_source_set_location (MoissonSource            *self,
                             const char               *location,
                             const MoissonFeedMapping *mapping)
{
  MoissonFeedMapping *copy;

  g_return_if_fail (MOISSON_IS_SOURCE (self));

  copy = moisson_feed_mapping_copy (mapping);
  moisson_feed_mapping_free (self->mapping);
  self->mapping = copy;
  if (g_strcmp0 (self->location, location) == 0)
    return;
  g_free (self->location);
  self->location = g_strdup (location);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * moisson_source_get_mapping:
 *
 * Returns: (transfer none): the columns chosen for the location shown; its
 *   members are %NULL where nothing was chosen
 */
const MoissonFeedMapping *
moisson_source_get_mapping (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), NULL);
  return self->mapping;
}

/**
 * moisson_source_dup_name:
 *
 * Returns: (transfer full) (nullable): what the list of sources calls it:
 *   the feed's title, else the file's name
 */
char *
moisson_source_dup_name (MoissonSource *self)
{
  const char *title;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (MOISSON_IS_SOURCE (self), NULL);

  title = self->feed != NULL ? moisson_feed_get_title (self->feed) : NULL;
  if (title != NULL && *title != '\0')
    return g_strdup (title);
  if (self->location == NULL)
    return NULL;
  /* The last part of a path or of an address, unescaped. */
  uri = moisson_feed_location_to_uri (self->location, NULL);
  path = uri != NULL ? g_uri_unescape_string (uri, NULL) : g_strdup (self->location);
  if (path == NULL)
    path = g_strdup (self->location);
  {
    char *query = strchr (path, '?');
    g_autofree char *base = NULL;

    if (query != NULL)
      *query = '\0';
    base = g_path_get_basename (path);
    return strcmp (base, "/") != 0 && strcmp (base, ".") != 0 ? g_steal_pointer (&base) : g_strdup (self->location);
  }
}

/* As 0xRRGGBB. */
guint32
moisson_source_get_color (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), 0);
  if (self->color_index == 0)
    return FEED_COLOR;
  return source_colors[(self->color_index - 1) % G_N_ELEMENTS (source_colors)];
}

MoissonFeed *
moisson_source_get_feed (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), NULL);
  return self->feed;
}

static void
set_error (MoissonSource *self,
           const char    *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * moisson_source_set_feed:
 *
 * Shows a feed loaded by the caller, as a command does.
 */
void
moisson_source_set_feed (MoissonSource *self,
                         MoissonFeed   *feed)
{
  g_return_if_fail (MOISSON_IS_SOURCE (self));
  g_return_if_fail (feed == NULL || MOISSON_IS_FEED (feed));

  g_set_object (&self->feed, feed);
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INITIATIVES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

guint
moisson_source_get_n_initiatives (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), 0);
  return self->feed != NULL ? moisson_feed_get_initiatives (self->feed)->len : 0;
}

gboolean
moisson_source_get_visible (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), FALSE);
  return self->visible;
}

/* A hidden source counts nowhere: not on the map, in the lists, the
 * filters or the exports. */
void
moisson_source_set_visible (MoissonSource *self,
                            gboolean       visible)
{
  g_return_if_fail (MOISSON_IS_SOURCE (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

gboolean
moisson_source_is_loading (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), FALSE);
  return self->cancellable != NULL;
}

const char *
moisson_source_get_error (MoissonSource *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE (self), NULL);
  return self->error;
}

static void
set_loading (MoissonSource *self,
             GCancellable  *cancellable)
{
  gboolean was_loading = self->cancellable != NULL;

  g_set_object (&self->cancellable, cancellable);
  if (was_loading != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_progress (GObject *target,
             guint64  received,
             guint64  total)
{
  g_signal_emit (target, signals[PROGRESS], 0, received, total);
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MoissonSource) self = user_data;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = moisson_feed_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled by the user, not replaced by a newer load. */
      if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
        set_loading (self, NULL);
      return;
    }
  set_loading (self, NULL);

  if (feed == NULL)
    {
      set_error (self, error->message);
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  /* A location that loads becomes the one refreshed, read as mapped. */
  if (g_strcmp0 (self->location, self->pending_location) != 0)
    {
      g_free (self->location);
      self->location = g_steal_pointer (&self->pending_location);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
    }
  moisson_feed_mapping_free (self->mapping);
  self->mapping = g_steal_pointer (&self->pending_mapping);
  moisson_source_set_feed (self, feed);
}

/**
 * moisson_source_load:
 * @location: (nullable): another location to show once it loads; %NULL to
 *   load the one shown again
 * @mapping: (nullable): the columns of @location; ignored without it
 *
 * Downloads and reads the location in a worker thread, cancelling a load
 * under way. MoissonSource:feed follows when it loads, and
 * MoissonSource::failed says why it did not.
 */
void
moisson_source_load (MoissonSource            *self,
                     MoissonAtlas             *atlas,
                     const char               *location,
                     const MoissonFeedMapping *mapping)
{
  g_autoptr(GCancellable) cancellable = NULL;
  MoissonFetchOptions options;

  g_return_if_fail (MOISSON_IS_SOURCE (self));
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (location != NULL || self->location != NULL);

  if (location == NULL)
    {
      location = self->location;
      mapping = self->mapping;
    }
  if (location != self->pending_location)
    {
      g_free (self->pending_location);
      self->pending_location = g_strdup (location);
    }
  if (mapping != self->pending_mapping)
    {
      MoissonFeedMapping *copy = moisson_feed_mapping_copy (mapping);

      moisson_feed_mapping_free (self->pending_mapping);
      self->pending_mapping = copy;
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  cancellable = g_cancellable_new ();
  set_loading (self, cancellable);
  moisson_fetch_options_init (&options);
  options.mapping = self->pending_mapping;
  moisson_feed_load_async (self->pending_location, atlas, &options, cancellable, on_progress, G_OBJECT (self),
                           on_loaded_cb, g_object_ref (self));
}

/* Places the feed shown again in new boundaries, without fetching it. */
void
moisson_source_place (MoissonSource *self,
                      MoissonAtlas  *atlas)
{
  g_return_if_fail (MOISSON_IS_SOURCE (self));
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));

  if (self->feed == NULL)
    return;
  moisson_feed_place (self->feed, atlas);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INITIATIVES]);
}

void
moisson_source_cancel (MoissonSource *self)
{
  g_return_if_fail (MOISSON_IS_SOURCE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  set_loading (self, NULL);
}
