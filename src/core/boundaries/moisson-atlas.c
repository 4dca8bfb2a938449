/* moisson-atlas.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-atlas.h"

#include <glib/gi18n-lib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <string.h>

#include "moisson-departement-private.h"
#include "moisson-geometry-private.h"
#include "moisson-insee.h"
#include "moisson-levels.h"
#include "moisson-projection.h"
#include "moisson-text.h"
#include "moisson-threads-private.h"

typedef struct
{
  const char *code;
  const char *name;
  MoissonBBox lonlat;
  const char *crs;
} InsetDefinition;

/* Order and local projections of the insets of French official maps.
 * Features are assigned by where they lie, not by their code, so commune
 * files and unusual codes land in the right frame. */
static const InsetDefinition inset_definitions[] = {
  { "971", N_("Guadeloupe"), { -62.0, 15.7, -60.8, 16.6 }, "EPSG:5490" },   /* RGAF09 / UTM 20N */
  { "972", N_("Martinique"), { -61.4, 14.2, -60.7, 15.0 }, "EPSG:5490" },   /* RGAF09 / UTM 20N */
  { "973", N_("Guyane"), { -54.8, 1.9, -51.4, 6.0 }, "EPSG:2972" },         /* RGFG95 / UTM 22N */
  { "974", N_("La Réunion"), { 55.0, -21.6, 56.0, -20.7 }, "EPSG:2975" },   /* RGR92 / UTM 40S */
  { "976", N_("Mayotte"), { 44.8, -13.2, 45.5, -12.5 }, "EPSG:4471" },      /* RGM04 / UTM 38S */
};

/* Metropolitan France and Corsica, with their islands. */
static const MoissonBBox mainland_lonlat = { -6.0, 41.0, 10.0, 51.6 };

#define MAINLAND (-1)

/* How a load in a worker reports how far it has gone, in the main context
 * of the thread that started it. */
typedef struct
{
  MoissonAtlasProgressFunc func;
  GObject *target;
  GMainContext *context;
  GCancellable *cancellable;  /* a load given up says nothing more */
  int last_percent;
} Progress;

/* Shares of the load: reading and projecting the file, indexing. */
#define READ_SHARE 0.9

typedef struct
{
  const InsetDefinition *definition;
  MoissonBBox frame;
  /* plane = frame centre + (local - local_center) * scale */
  double local_center_x;
  double local_center_y;
  double scale;
  MoissonProjection *projection;  /* lon/lat → local, for lonlat_to_plane */
} Inset;

/* The départements of the zoom inset, by INSEE code; the communes of a
 * commune file by the first two digits of theirs. */
static const char * const zoom_codes[] = { "75", "92", "93", "94" };

struct _MoissonAtlas
{
  GObject parent_instance;

  char *source_path;
  GPtrArray *departements;
  GPtrArray *warnings;
  GHashTable *by_code;
  GHashTable *index_by_code;  /* code → GUINT_TO_POINTER (index + 1) */
  /* Found the first time each is asked for: most communes of a national
   * view are never labelled. label_found[i] tells whether label_points[i]
   * holds it; the drawing thread and the main one both ask. */
  MoissonPoint *label_points;
  gint *label_found;
  GMutex label_lock;
  int *inset_of;            /* per département: MAINLAND or an index in insets */
  /* Per département, side by side for the passes over them all: its box
   * on the map and how many vertices it has. */
  MoissonBBox *shape_bboxes;
  guint *shape_sizes;
  GArray *insets;           /* Inset */
  MoissonProjection *mainland_projection;
  /* PROJ objects serve one thread at a time; feeds place points from workers. */
  GMutex projection_lock;
  MoissonBBox bounds;

  /* Spatial index: a uniform grid, cell i lists cell_items[cell_starts[i] ..
   * cell_starts[i + 1]), the départements whose box touches the cell. */
  guint grid_columns;
  guint grid_rows;
  double cell_width;
  double cell_height;
  guint *cell_starts;
  guint *cell_items;
  /* Shapes too large for the grid (they would fill too many cells), checked
   * at every lookup; keeps the index small whatever the file. */
  GArray *large_items;

  /* Simplified shapes for drawing. */
  MoissonLevels *levels;

  gboolean has_zoom;
  MoissonAtlasZoom zoom;
  guint8 *zoomed;           /* per département: drawn again in the zoom inset */
  GArray *zoom_members;     /* guint: the indices of those */

  Progress *progress;       /* while loading in a worker, or NULL */
};

G_DEFINE_FINAL_TYPE (MoissonAtlas, moisson_atlas, G_TYPE_OBJECT)

static void
call_progress_func (GCallback  func,
                    GObject   *target,
                    guint64    percent,
                    guint64    hundred)
{
  ((MoissonAtlasProgressFunc) func) (target, (double) percent / hundred);
}

/* Sends @fraction on when it has moved by a whole per cent: at most a
 * hundred reports, whatever the size of the file. */
static void
progress_report (Progress *progress,
                 double    fraction)
{
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100.0);

  if (progress == NULL || percent <= progress->last_percent || g_cancellable_is_cancelled (progress->cancellable))
    return;
  progress->last_percent = percent;
  _moisson_queue_progress (progress->context, call_progress_func, G_CALLBACK (progress->func), progress->target,
                           percent, 100);
}

static void
on_read_progress (double   fraction,
                  gpointer user_data)
{
  progress_report (user_data, fraction * READ_SHARE);
}

static void
clear_inset (gpointer data)
{
  Inset *inset = data;

  g_clear_pointer (&inset->projection, moisson_projection_free);
}

static int
find_inset_definition (const MoissonBBox *lonlat_bbox)
{
  double cx = (lonlat_bbox->min_x + lonlat_bbox->max_x) / 2.0;
  double cy = (lonlat_bbox->min_y + lonlat_bbox->max_y) / 2.0;

  for (guint i = 0; i < G_N_ELEMENTS (inset_definitions); i++)
    if (moisson_bbox_contains (&inset_definitions[i].lonlat, cx, cy))
      return (int) i;
  if (moisson_bbox_contains (&mainland_lonlat, cx, cy))
    return MAINLAND;
  return -2;
}

static gboolean
project_polygon (MoissonProjection  *projection,
                 MoissonPolygon     *polygon,
                 GError            **error)
{
  if (!moisson_projection_transform (projection, _moisson_polygon_get_points_mutable (polygon),
                                     moisson_polygon_get_n_points (polygon), error))
    return FALSE;
  _moisson_polygon_update_bounds (polygon);
  return TRUE;
}

static void
place_in_frame (MoissonPolygon *polygon,
                const Inset    *inset)
{
  MoissonPoint *points = _moisson_polygon_get_points_mutable (polygon);
  guint n = moisson_polygon_get_n_points (polygon);
  double frame_cx = (inset->frame.min_x + inset->frame.max_x) / 2.0;
  double frame_cy = (inset->frame.min_y + inset->frame.max_y) / 2.0;

  for (guint i = 0; i < n; i++)
    {
      points[i].x = frame_cx + (points[i].x - inset->local_center_x) * inset->scale;
      points[i].y = frame_cy + (points[i].y - inset->local_center_y) * inset->scale;
    }
  _moisson_polygon_update_bounds (polygon);
}

/* Stacks the insets in a column west of the mainland, each scaled to fill
 * its frame: Guyane shrinks, Mayotte grows, all stay readable. */
static void
layout_insets (MoissonAtlas      *self,
               const MoissonBBox *mainland,
               const MoissonBBox *local_bounds)
{
  double height = moisson_bbox_get_height (mainland);
  double gap = height * 0.025;
  double frame_height = (height - 4 * gap) / 5.0;
  double frame_width = frame_height * 1.1;
  double right = mainland->min_x - 2 * gap;
  double top = mainland->max_y;

  for (guint i = 0; i < self->insets->len; i++)
    {
      Inset *inset = &g_array_index (self->insets, Inset, i);
      const MoissonBBox *local = &local_bounds[i];
      /* Leave room at the top of the frame for its title. */
      double title = frame_height * 0.14;
      double margin = frame_height * 0.06;
      double available_w = frame_width - 2 * margin;
      double available_h = frame_height - title - 2 * margin;

      inset->frame.max_x = right;
      inset->frame.min_x = right - frame_width;
      inset->frame.max_y = top - i * (frame_height + gap);
      inset->frame.min_y = inset->frame.max_y - frame_height;

      inset->scale = MIN (available_w / MAX (moisson_bbox_get_width (local), 1.0),
                          available_h / MAX (moisson_bbox_get_height (local), 1.0));
      inset->local_center_x = (local->min_x + local->max_x) / 2.0;
      /* Centre below the title band. */
      inset->local_center_y = (local->min_y + local->max_y) / 2.0 + (title / 2.0) / inset->scale;
    }
}

static gboolean
is_zoom_code (const char *code)
{
  gsize length = strlen (code);

  if (length != 2 && length != 5)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (zoom_codes); i++)
    if (strncmp (code, zoom_codes[i], 2) == 0)
      return TRUE;
  return FALSE;
}

/* Paris and the petite couronne, enlarged in the sea north of Brittany,
 * right of the overseas column: empty on every file of the whole country.
 * A regional file, where that corner holds land, has no zoom inset. */
static void
layout_zoom (MoissonAtlas      *self,
             const MoissonBBox *mainland)
{
  double height = moisson_bbox_get_height (mainland);
  double gap = height * 0.025;
  double frame_height = (height - 4 * gap) / 5.0 * 1.12;
  double frame_width = frame_height * 1.1 / 1.12 * 1.05;
  double title = frame_height * 0.14, margin = frame_height * 0.05;
  MoissonBBox source;
  double cx, cy;

  self->zoomed = g_new0 (guint8, MAX (self->departements->len, 1));
  self->zoom_members = g_array_new (FALSE, FALSE, sizeof (guint));
  if (height < 800000)
    return;
  moisson_bbox_init_empty (&source);
  for (guint i = 0; i < self->departements->len; i++)
    {
      MoissonDepartement *departement = g_ptr_array_index (self->departements, i);

      if (self->inset_of[i] != MAINLAND || !is_zoom_code (moisson_departement_get_code (departement)))
        continue;
      self->zoomed[i] = TRUE;
      g_array_append_val (self->zoom_members, i);
      moisson_bbox_union (&source, moisson_departement_get_bbox (departement));
    }
  if (self->zoom_members->len == 0)
    return;

  /* A little of what surrounds them, so that no border touches the frame. */
  cx = (source.min_x + source.max_x) / 2.0;
  cy = (source.min_y + source.max_y) / 2.0;
  self->zoom.frame = (MoissonBBox) { mainland->min_x, mainland->max_y - frame_height,
                                     mainland->min_x + frame_width, mainland->max_y };
  self->zoom.scale = MIN ((frame_width - 2 * margin) / MAX (moisson_bbox_get_width (&source) * 1.08, 1.0),
                          (frame_height - title - 2 * margin) / MAX (moisson_bbox_get_height (&source) * 1.08, 1.0));
  /* The source is what the frame holds, the title band included; the
   * shapes sit centred below the title. */
  self->zoom.source.min_x = cx - frame_width / 2.0 / self->zoom.scale;
  self->zoom.source.max_x = cx + frame_width / 2.0 / self->zoom.scale;
  self->zoom.source.min_y = cy - (frame_height - title) / 2.0 / self->zoom.scale;
  self->zoom.source.max_y = cy + (frame_height + title) / 2.0 / self->zoom.scale;
  self->has_zoom = TRUE;
}

/* A shape covering more cells than this is kept out of the grid. */
#define MAX_CELLS_PER_SHAPE 256

static gboolean
cell_range (MoissonAtlas      *self,
            const MoissonBBox *bbox,
            guint             *c0,
            guint             *c1,
            guint             *r0,
            guint             *r1)
{
  guint side = self->grid_columns;

  *c0 = CLAMP ((bbox->min_x - self->bounds.min_x) / self->cell_width, 0, side - 1);
  *c1 = CLAMP ((bbox->max_x - self->bounds.min_x) / self->cell_width, 0, side - 1);
  *r0 = CLAMP ((bbox->min_y - self->bounds.min_y) / self->cell_height, 0, side - 1);
  *r1 = CLAMP ((bbox->max_y - self->bounds.min_y) / self->cell_height, 0, side - 1);
  return (gsize) (*c1 - *c0 + 1) * (*r1 - *r0 + 1) <= MAX_CELLS_PER_SHAPE;
}

static void
build_index (MoissonAtlas *self)
{
  guint n = self->departements->len;
  guint side = CLAMP ((guint) ceil (sqrt ((double) n) * 2.0), 8, 512);
  g_autofree guint *counts = NULL;
  gsize total = 0;

  self->grid_columns = side;
  self->grid_rows = side;
  self->cell_width = MAX (moisson_bbox_get_width (&self->bounds), 1.0) / side;
  self->cell_height = MAX (moisson_bbox_get_height (&self->bounds), 1.0) / side;
  self->large_items = g_array_new (FALSE, FALSE, sizeof (guint));

  counts = g_new0 (guint, side * side);
  self->cell_starts = g_new0 (guint, side * side + 1);

  /* Two passes: count, then fill, so the index is two flat arrays. With
   * at most MAX_CELLS_PER_SHAPE cells a shape, the total stays below
   * 256 × the number of shapes, far from overflowing. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          const MoissonBBox *bbox = &self->shape_bboxes[i];
          guint c0, c1, r0, r1;

          if (!cell_range (self, bbox, &c0, &c1, &r0, &r1))
            {
              if (pass == 0)
                g_array_append_val (self->large_items, i);
              continue;
            }
          for (guint r = r0; r <= r1; r++)
            for (guint c = c0; c <= c1; c++)
              {
                guint cell = r * side + c;

                if (pass == 0)
                  counts[cell]++;
                else
                  self->cell_items[self->cell_starts[cell] + counts[cell]++] = i;
              }
        }

      if (pass == 0)
        {
          for (guint cell = 0; cell < side * side; cell++)
            {
              self->cell_starts[cell] = (guint) total;
              total += counts[cell];
              counts[cell] = 0;
            }
          g_assert (total <= G_MAXUINT);
          self->cell_starts[side * side] = (guint) total;
          self->cell_items = g_new (guint, MAX (total, 1));
        }
    }
}

/* The boxes and sizes of the shapes side by side, the grid of shapes
 * under a point, and the table of shapes by code. */
static void
build_lookups (MoissonAtlas *self)
{
  guint n = self->departements->len;

  self->shape_bboxes = g_new (MoissonBBox, MAX (n, 1));
  self->shape_sizes = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      MoissonDepartement *departement = g_ptr_array_index (self->departements, i);
      MoissonPolygon *polygon = moisson_departement_get_polygon (departement);

      self->shape_bboxes[i] = *moisson_polygon_get_bbox (polygon);
      self->shape_sizes[i] = moisson_polygon_get_n_points (polygon);
      g_hash_table_insert (self->by_code, (gpointer) moisson_departement_get_code (departement), departement);
      g_hash_table_insert (self->index_by_code, (gpointer) moisson_departement_get_code (departement),
                           GUINT_TO_POINTER (i + 1));
    }
  build_index (self);
}

static gpointer
build_lookups_in_thread (gpointer data)
{
  build_lookups (data);
  return NULL;
}

/* Below this many shapes, the lookups take less than a thread costs. */
#define MIN_SHAPES_FOR_LOOKUP_THREAD 2000

static void
build_levels (MoissonAtlas *self)
{
  g_autofree MoissonPolygon **polygons = g_new (MoissonPolygon *, MAX (self->departements->len, 1));

  for (guint i = 0; i < self->departements->len; i++)
    polygons[i] = moisson_departement_get_polygon (g_ptr_array_index (self->departements, i));
  self->levels = moisson_levels_new (polygons, self->departements->len);
}

/* One thread's PROJ objects (each serves one thread at a time). */
typedef struct
{
  MoissonProjection *mainland;
  MoissonProjection *insets[G_N_ELEMENTS (inset_definitions)];  /* made when first needed */
} Projector;

/* The projection to the frame of @definition, made in the thread that
 * uses it the first time it needs it. */
static MoissonProjection *
projector_get (Projector  *projector,
               int         definition,
               GError    **error)
{
  if (projector->mainland == NULL)
    {
      projector->mainland = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, error);
      if (projector->mainland == NULL)
        return NULL;
      /* Boundaries have millions of vertices: a patch gives each. */
      moisson_projection_set_interpolation (projector->mainland, TRUE);
    }
  if (definition == MAINLAND)
    return projector->mainland;
  if (projector->insets[definition] == NULL)
    {
      projector->insets[definition] = moisson_projection_new_sharing (MOISSON_CRS_WGS84, inset_definitions[definition].crs,
                                                                      projector->mainland, error);
      if (projector->insets[definition] != NULL)
        moisson_projection_set_interpolation (projector->insets[definition], TRUE);
    }
  return projector->insets[definition];
}

static void
projector_clear (Projector *projector)
{
  for (guint i = 0; i < G_N_ELEMENTS (projector->insets); i++)
    g_clear_pointer (&projector->insets[i], moisson_projection_free);
  g_clear_pointer (&projector->mainland, moisson_projection_free);
}

/* Places départements in the plane in the thread that read them, each of
 * the two with its own PROJ objects. */
typedef struct
{
  Projector projectors[2];
  GArray *definitions[2];   /* int: the frame of each département placed,
                             * in order: MAINLAND, an inset definition or
                             * -2 outside France */
  GPtrArray *waiting[2];    /* read before PROJ was loaded */
} Placing;

static void
placing_init (Placing *placing)
{
  *placing = (Placing) { { { NULL } } };
  for (guint k = 0; k < 2; k++)
    {
      placing->definitions[k] = g_array_new (FALSE, FALSE, sizeof (int));
      placing->waiting[k] = g_ptr_array_new ();
    }
}

static void
placing_clear (Placing *placing)
{
  for (guint k = 0; k < 2; k++)
    {
      projector_clear (&placing->projectors[k]);
      g_clear_pointer (&placing->definitions[k], g_array_unref);
      g_clear_pointer (&placing->waiting[k], g_ptr_array_unref);
    }
}

static gboolean
projection_failed (MoissonDepartement  *departement,
                   const GError        *cause,
                   GError             **error)
{
  g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_PROJECTION,
               _("%s cannot be placed on the map: %s"),
               moisson_departement_get_code (departement), cause->message);
  return FALSE;
}

/* Projects what @worker has waiting, in order. */
static gboolean
place_waiting (Placing  *placing,
               guint     worker,
               GError  **error)
{
  GPtrArray *waiting = placing->waiting[worker];

  for (guint k = 0; k < waiting->len; k++)
    {
      MoissonDepartement *departement = g_ptr_array_index (waiting, k);
      int definition = find_inset_definition (moisson_departement_get_bbox (departement));
      g_autoptr(GError) local_error = NULL;
      MoissonProjection *projection;

      g_array_append_val (placing->definitions[worker], definition);
      if (definition == -2)
        continue;
      projection = projector_get (&placing->projectors[worker], definition, &local_error);
      if (projection == NULL ||
          !project_polygon (projection, moisson_departement_get_polygon (departement), &local_error))
        {
          g_ptr_array_set_size (waiting, 0);
          return projection_failed (departement, local_error, error);
        }
    }
  g_ptr_array_set_size (waiting, 0);
  return TRUE;
}

/* A #MoissonShapefileReadFunc: each département is projected as soon as
 * it is read, once PROJ is loaded (in the background, while the first
 * shapes are read). */
static gboolean
place_read (MoissonDepartement  *departement,
            guint                worker,
            gpointer             data,
            GError             **error)
{
  Placing *placing = data;

  if (departement != NULL)
    {
      g_ptr_array_add (placing->waiting[worker], departement);
      if (!moisson_projection_library_is_ready ())
        return TRUE;
    }
  return place_waiting (placing, worker, error);
}

static gpointer
place_second_half (gpointer data)
{
  gpointer *args = data;
  GPtrArray *departements = args[0];
  Placing *placing = args[1];
  GError **error = args[2];

  for (guint i = departements->len / 2; i < departements->len; i++)
    g_ptr_array_add (placing->waiting[1], g_ptr_array_index (departements, i));
  place_waiting (placing, 1, error);
  return NULL;
}

/* Places départements already read, both halves at once. */
static gboolean
place_all (Placing    *placing,
           GPtrArray  *departements,
           GError    **error)
{
  g_autoptr(GError) second_error = NULL;
  gpointer args[] = { departements, placing, &second_error };
  GThread *helper = NULL;
  guint half = departements->len;
  gboolean ok;

  if (departements->len >= 2 && _moisson_get_n_threads () >= 2)
    {
      half = departements->len / 2;
      helper = g_thread_new ("moisson-project", place_second_half, args);
    }
  for (guint i = 0; i < half; i++)
    g_ptr_array_add (placing->waiting[0], g_ptr_array_index (departements, i));
  ok = place_waiting (placing, 0, error);
  if (helper != NULL)
    g_thread_join (helper);
  if (ok && second_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&second_error));
      ok = FALSE;
    }
  return ok;
}

/* The frames of the départements placed, in the order of the array the
 * loader returns: the first worker's, then the second's. */
static int *
placing_steal_definitions (Placing *placing)
{
  GArray *all = g_steal_pointer (&placing->definitions[0]);

  g_array_append_vals (all, placing->definitions[1]->data, placing->definitions[1]->len);
  placing->definitions[0] = g_array_new (FALSE, FALSE, sizeof (int));
  return (int *) (void *) g_array_free (all, FALSE);
}

/* The first few shapes left out, by code and name: a file with absurd or
 * null coordinates loses those départements, and its user must learn which. */
static char *
name_outside (GPtrArray *departements,
              const int *definitions)
{
  GString *named = g_string_new (NULL);
  guint n_named = 0;

  for (guint i = 0; i < departements->len; i++)
    {
      MoissonDepartement *departement = g_ptr_array_index (departements, i);
      const char *name = moisson_departement_get_name (departement);

      if (definitions[i] != -2)
        continue;
      if (n_named == 5)
        {
          g_string_append (named, ", …");
          break;
        }
      g_string_append_printf (named, "%s%s", n_named > 0 ? ", " : "", moisson_departement_get_code (departement));
      if (name != NULL)
        g_string_append_printf (named, " (%s)", name);
      n_named++;
    }
  return g_string_free (named, FALSE);
}

/* The départements of @self are already projected; @definitions tells
 * which frame each belongs in. */
static gboolean
build (MoissonAtlas  *self,
       const int     *definitions,
       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree int *inset_of = g_new (int, MAX (self->departements->len, 1));
  MoissonBBox mainland;
  MoissonBBox local_bounds[G_N_ELEMENTS (inset_definitions)];
  int inset_slot[G_N_ELEMENTS (inset_definitions)];
  guint n_outside = 0;
  GThread *lookup_thread = NULL;

  /* For points placed later, such as a feed's. */
  self->mainland_projection = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &local_error);
  if (self->mainland_projection == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (inset_definitions); i++)
    {
      inset_slot[i] = -1;
      moisson_bbox_init_empty (&local_bounds[i]);
    }
  moisson_bbox_init_empty (&mainland);
  for (guint i = 0; i < self->departements->len; i++)
    if (definitions[i] >= 0)
      inset_slot[definitions[i]] = 0;

  /* Insets always come in the same order, whatever the order of the file. */
  for (guint d = 0; d < G_N_ELEMENTS (inset_definitions); d++)
    {
      Inset inset = { &inset_definitions[d] };

      if (inset_slot[d] < 0)
        continue;
      inset.projection = moisson_projection_new_sharing (MOISSON_CRS_WGS84, inset.definition->crs,
                                                         self->mainland_projection, &local_error);
      if (inset.projection == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      inset_slot[d] = self->insets->len;
      g_array_append_val (self->insets, inset);
    }

  /* Remember which frame each goes in. */
  for (guint i = 0; i < self->departements->len; i++)
    {
      MoissonPolygon *polygon = moisson_departement_get_polygon (g_ptr_array_index (self->departements, i));
      int slot = definitions[i] == MAINLAND ? MAINLAND : inset_slot[MAX (definitions[i], 0)];

      inset_of[i] = slot;
      if (definitions[i] == -2)
        {
          n_outside++;
          continue;
        }
      if (slot == MAINLAND)
        moisson_bbox_union (&mainland, moisson_polygon_get_bbox (polygon));
      else
        moisson_bbox_union (&local_bounds[slot], moisson_polygon_get_bbox (polygon));
    }

  if (n_outside > 0)
    {
      g_autofree char *named = name_outside (self->departements, definitions);

      g_ptr_array_add (self->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u shape lies outside France and its overseas départements and is not shown: %s.",
                                                     "%u shapes lie outside France and its overseas départements and are not shown: %s.",
                                                     n_outside),
                                        n_outside, named));
    }

  if (n_outside == self->departements->len)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_EMPTY,
                   _("None of the shapes lies in France."));
      return FALSE;
    }

  /* Without a mainland (an overseas-only file), lay insets out on a nominal one. */
  if (moisson_bbox_is_empty (&mainland))
    mainland = (MoissonBBox) { 100000, 6050000, 1250000, 7110000 };
  layout_insets (self, &mainland, local_bounds);

  /* Those outside are left out; the array given is kept as it is. */
  if (n_outside > 0)
    {
      GPtrArray *kept = g_ptr_array_new_full (self->departements->len - n_outside, g_object_unref);

      for (guint i = 0; i < self->departements->len; i++)
        if (definitions[i] != -2)
          {
            inset_of[kept->len] = inset_of[i];
            g_ptr_array_add (kept, g_object_ref (g_ptr_array_index (self->departements, i)));
          }
      g_ptr_array_unref (self->departements);
      self->departements = kept;
    }
  self->inset_of = g_steal_pointer (&inset_of);
  layout_zoom (self, &mainland);

  self->bounds = mainland;
  for (guint i = 0; i < self->insets->len; i++)
    moisson_bbox_union (&self->bounds, &g_array_index (self->insets, Inset, i).frame);

  self->label_points = g_new (MoissonPoint, self->departements->len);
  self->label_found = g_new0 (gint, self->departements->len);
  for (guint i = 0; i < self->departements->len; i++)
    if (self->inset_of[i] != MAINLAND)
      place_in_frame (moisson_departement_get_polygon (g_ptr_array_index (self->departements, i)),
                      &g_array_index (self->insets, Inset, self->inset_of[i]));

  /* The lookups and the levels read the shapes and write apart: the
   * lookups fill the second core while the levels run on one. */
  if (self->departements->len >= MIN_SHAPES_FOR_LOOKUP_THREAD && _moisson_get_n_threads () > 1)
    lookup_thread = g_thread_new ("moisson-lookups", build_lookups_in_thread, self);
  else
    build_lookups (self);
  progress_report (self->progress, READ_SHARE + (1.0 - READ_SHARE) / 2);
  build_levels (self);
  if (lookup_thread != NULL)
    g_thread_join (lookup_thread);
#ifdef __GLIBC__
  /* Give back what reading the file and building the levels left free:
   * what is drawn next then starts from what the atlas holds. */
  malloc_trim (0);
#endif
  progress_report (self->progress, 1.0);

  return TRUE;
}

/* Each shape is touched for the first time in a while, in several blocks
 * scattered over memory: the next ones are asked for ahead, so that their
 * cache misses overlap instead of following each other (35,000 for the
 * communes). The atlas holds the only reference to @departements: the
 * array is never handed out. */
static void
unref_departements (GPtrArray *departements)
{
  enum { AHEAD = 16 };
  guint n = departements->len;

  for (guint i = 0; i < n; i++)
    {
      if (i + AHEAD < n)
        __builtin_prefetch (g_ptr_array_index (departements, i + AHEAD));
      if (i + AHEAD / 2 < n)
        _moisson_departement_prefetch (g_ptr_array_index (departements, i + AHEAD / 2));
      g_object_unref (g_ptr_array_index (departements, i));
    }
  g_ptr_array_set_free_func (departements, NULL);
  g_ptr_array_unref (departements);
}

static void
moisson_atlas_finalize (GObject *object)
{
  MoissonAtlas *self = (MoissonAtlas *) object;

  g_free (self->source_path);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->index_by_code, g_hash_table_unref);
  g_clear_pointer (&self->departements, unref_departements);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->insets, g_array_unref);
  g_clear_pointer (&self->mainland_projection, moisson_projection_free);
  g_free (self->label_points);
  g_free (self->label_found);
  g_mutex_clear (&self->label_lock);
  g_free (self->inset_of);
  g_free (self->shape_bboxes);
  g_free (self->shape_sizes);
  g_free (self->cell_starts);
  g_free (self->cell_items);
  g_clear_pointer (&self->large_items, g_array_unref);
  g_clear_pointer (&self->levels, moisson_levels_free);
  g_free (self->zoomed);
  g_clear_pointer (&self->zoom_members, g_array_unref);
  g_mutex_clear (&self->projection_lock);

  G_OBJECT_CLASS (moisson_atlas_parent_class)->finalize (object);
}

static void
moisson_atlas_class_init (MoissonAtlasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = moisson_atlas_finalize;
}

static void
moisson_atlas_init (MoissonAtlas *self)
{
  g_mutex_init (&self->projection_lock);
  g_mutex_init (&self->label_lock);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->index_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->insets = g_array_new (FALSE, TRUE, sizeof (Inset));
  g_array_set_clear_func (self->insets, clear_inset);
  moisson_bbox_init_empty (&self->bounds);
}

/* The atlas of @departements, all of them placed by @placing. */
static MoissonAtlas *
new_from_placing (GPtrArray  *departements,
                  Placing    *placing,
                  Progress   *progress,
                  GError    **error)
{
  g_autoptr(MoissonAtlas) self = NULL;
  g_autofree int *definitions = placing_steal_definitions (placing);

  placing_clear (placing);
  self = g_object_new (MOISSON_TYPE_ATLAS, NULL);
  self->departements = g_ptr_array_ref (departements);
  self->progress = progress;
  progress_report (progress, READ_SHARE);
  if (!build (self, definitions, error))
    return NULL;
  self->progress = NULL;

  return g_steal_pointer (&self);
}

static gpointer
copy_ref (gconstpointer object,
          gpointer      data)
{
  return g_object_ref ((gpointer) object);
}

/* Their polygons are projected in place. */
static MoissonAtlas *
new_from_departements (GPtrArray  *departements,
                       Progress   *progress,
                       GError    **error)
{
  /* The atlas keeps an array of its own: the caller's may change. */
  g_autoptr(GPtrArray) own = g_ptr_array_copy (departements, copy_ref, NULL);
  Placing placing;

  g_ptr_array_set_free_func (own, g_object_unref);
  placing_init (&placing);
  if (!place_all (&placing, own, error))
    {
      placing_clear (&placing);
      return NULL;
    }
  return new_from_placing (own, &placing, progress, error);
}

/**
 * moisson_atlas_new_from_departements:
 * @departements: #MoissonDepartement with polygons in longitude/latitude;
 *   their polygons are projected in place
 *
 * Returns: (transfer full): a new atlas, or %NULL with @error set
 */
MoissonAtlas *
moisson_atlas_new_from_departements (GPtrArray  *departements,
                                     GError    **error)
{
  g_return_val_if_fail (departements != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_departements (departements, NULL, error);
}

static MoissonAtlas *
new_from_shapefile (const char                    *path,
                    const MoissonShapefileOptions *options,
                    Progress                      *progress,
                    GError                       **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) departements = NULL;
  MoissonAtlas *self;
  Placing placing;

  /* Projected as they are read, in the threads that read them. */
  moisson_projection_load_library_in_background ();
  placing_init (&placing);
  departements = moisson_shapefile_load_with_progress (path, options, warnings,
                                                       progress != NULL ? on_read_progress : NULL, progress,
                                                       place_read, &placing, error);
  if (departements == NULL)
    {
      placing_clear (&placing);
      return NULL;
    }

  self = new_from_placing (departements, &placing, progress, error);
  if (self == NULL)
    return NULL;

  self->source_path = g_strdup (path);
  /* Loader warnings first: they are about the file itself. */
  for (guint i = 0; i < self->warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (self->warnings, i)));
  g_ptr_array_unref (self->warnings);
  self->warnings = g_steal_pointer (&warnings);

  return self;
}

MoissonAtlas *
moisson_atlas_new_from_shapefile (const char                    *path,
                                  const MoissonShapefileOptions *options,
                                  GError                       **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_shapefile (path, options, NULL, error);
}

typedef struct
{
  char *path;
  char *code_field;
  char *name_field;
  char *region_field;
  Progress progress;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->code_field);
  g_free (data->name_field);
  g_free (data->region_field);
  g_clear_object (&data->progress.target);
  g_clear_pointer (&data->progress.context, g_main_context_unref);
  g_clear_object (&data->progress.cancellable);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  MoissonShapefileOptions options = { data->code_field, data->name_field, data->region_field };
  GError *error = NULL;
  MoissonAtlas *atlas;

  atlas = new_from_shapefile (data->path, &options, data->progress.func != NULL ? &data->progress : NULL, &error);
  if (atlas == NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, atlas, g_object_unref);
  else
    g_object_unref (atlas);
}

void
moisson_atlas_load_async (const char                    *path,
                          const MoissonShapefileOptions *options,
                          GCancellable                  *cancellable,
                          GAsyncReadyCallback            callback,
                          gpointer                       user_data)
{
  moisson_atlas_load_with_progress_async (path, options, cancellable, NULL, NULL, callback, user_data);
}

/**
 * moisson_atlas_load_with_progress_async:
 * @progress: (nullable): called now and then in this thread's main context
 *   with the share of the load done, from 0 to 1; the last call says 1
 * @progress_target: (nullable): passed to @progress, kept alive meanwhile
 *
 * Loads a shapefile in a worker thread, as moisson_atlas_load_async(),
 * telling how far it has gone.
 */
void
moisson_atlas_load_with_progress_async (const char                    *path,
                                        const MoissonShapefileOptions *options,
                                        GCancellable                  *cancellable,
                                        MoissonAtlasProgressFunc       progress,
                                        GObject                       *progress_target,
                                        GAsyncReadyCallback            callback,
                                        gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  if (progress != NULL && progress_target != NULL)
    {
      data->progress.func = progress;
      data->progress.target = g_object_ref (progress_target);
      data->progress.context = g_main_context_ref_thread_default ();
      data->progress.cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
      data->progress.last_percent = -1;
    }
  data->path = g_strdup (path);
  if (options != NULL)
    {
      data->code_field = g_strdup (options->code_field);
      data->name_field = g_strdup (options->name_field);
      data->region_field = g_strdup (options->region_field);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_atlas_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

MoissonAtlas *
moisson_atlas_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moisson_atlas_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
moisson_atlas_get_source_path (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->source_path;
}

/**
 * moisson_atlas_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): what was skipped while loading
 */
GPtrArray *
moisson_atlas_get_warnings (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->warnings;
}

guint
moisson_atlas_get_n_departements (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), 0);

  return self->departements->len;
}

MoissonDepartement *
moisson_atlas_get_departement (MoissonAtlas *self,
                               guint         index)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);
  g_return_val_if_fail (index < self->departements->len, NULL);

  return g_ptr_array_index (self->departements, index);
}

MoissonDepartement *
moisson_atlas_lookup (MoissonAtlas *self,
                      const char   *code)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  if (code == NULL)
    return NULL;
  normalized = g_ascii_strup (code, -1);
  return g_hash_table_lookup (self->by_code, normalized);
}

/**
 * moisson_atlas_lookup_index:
 * @code: an INSEE code, as the shapes have it
 * @index: (out): where the département of @code is in the atlas
 *
 * Returns: whether the atlas has a département of that code
 */
gboolean
moisson_atlas_lookup_index (MoissonAtlas *self,
                            const char   *code,
                            guint        *index)
{
  guint found;

  g_return_val_if_fail (MOISSON_IS_ATLAS (self), FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  found = code != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_code, code)) : 0;
  if (found == 0)
    return FALSE;
  *index = found - 1;
  return TRUE;
}

const MoissonBBox *
moisson_atlas_get_bounds (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return &self->bounds;
}

void
moisson_atlas_get_label_point (MoissonAtlas *self,
                               guint         index,
                               double       *x,
                               double       *y)
{
  g_return_if_fail (MOISSON_IS_ATLAS (self));
  g_return_if_fail (index < self->departements->len);

  if (!g_atomic_int_get (&self->label_found[index]))
    {
      MoissonPoint found;

      moisson_polygon_get_label_point (moisson_departement_get_polygon (g_ptr_array_index (self->departements, index)),
                                       &found.x, &found.y);
      /* Written once: a reader that saw label_found set reads it unlocked. */
      g_mutex_lock (&self->label_lock);
      if (!g_atomic_int_get (&self->label_found[index]))
        {
          self->label_points[index] = found;
          g_atomic_int_set (&self->label_found[index], TRUE);
        }
      g_mutex_unlock (&self->label_lock);
    }

  *x = self->label_points[index].x;
  *y = self->label_points[index].y;
}

/**
 * moisson_atlas_get_levels:
 *
 * Returns: (transfer none): the shapes simplified for drawing at each zoom
 */
const MoissonLevels *
moisson_atlas_get_levels (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->levels;
}

/**
 * moisson_atlas_get_shape_bboxes:
 *
 * Returns: the box of each département on the map, in the order of the
 *   atlas, side by side for passes over them all
 */
const MoissonBBox *
moisson_atlas_get_shape_bboxes (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->shape_bboxes;
}

/**
 * moisson_atlas_get_shape_sizes:
 *
 * Returns: how many vertices each département has, in the order of the
 *   atlas
 */
const guint *
moisson_atlas_get_shape_sizes (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->shape_sizes;
}

guint
moisson_atlas_get_n_insets (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), 0);

  return self->insets->len;
}

const char *
moisson_atlas_get_inset_name (MoissonAtlas *self,
                              guint         inset)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);
  g_return_val_if_fail (inset < self->insets->len, NULL);

  return g_dgettext (GETTEXT_PACKAGE, g_array_index (self->insets, Inset, inset).definition->name);
}

const MoissonBBox *
moisson_atlas_get_inset_frame (MoissonAtlas *self,
                               guint         inset)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);
  g_return_val_if_fail (inset < self->insets->len, NULL);

  return &g_array_index (self->insets, Inset, inset).frame;
}

/**
 * moisson_atlas_get_zoom:
 *
 * Returns: (nullable): the zoom inset, %NULL when the map has none
 */
const MoissonAtlasZoom *
moisson_atlas_get_zoom (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return self->has_zoom ? &self->zoom : NULL;
}

const char *
moisson_atlas_get_zoom_name (MoissonAtlas *self)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  return _("Paris and inner suburbs");
}

/**
 * moisson_atlas_is_zoomed:
 *
 * Returns: whether département @index is drawn again in the zoom inset
 */
gboolean
moisson_atlas_is_zoomed (MoissonAtlas *self,
                         guint         index)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), FALSE);
  g_return_val_if_fail (index < self->departements->len, FALSE);

  return self->has_zoom && self->zoomed[index];
}

/**
 * moisson_atlas_zoom_point:
 * @x, @y: a mainland point of the plane
 * @zoom_x, @zoom_y: (out): where the zoom inset draws it again
 */
void
moisson_atlas_zoom_point (MoissonAtlas *self,
                          double        x,
                          double        y,
                          double       *zoom_x,
                          double       *zoom_y)
{
  const MoissonAtlasZoom *zoom = &self->zoom;

  g_return_if_fail (MOISSON_IS_ATLAS (self));

  *zoom_x = (zoom->frame.min_x + zoom->frame.max_x) / 2.0 +
            (x - (zoom->source.min_x + zoom->source.max_x) / 2.0) * zoom->scale;
  *zoom_y = (zoom->frame.min_y + zoom->frame.max_y) / 2.0 +
            (y - (zoom->source.min_y + zoom->source.max_y) / 2.0) * zoom->scale;
}

/**
 * moisson_atlas_pick:
 * @x, @y: a point of the map plane
 * @in_zoom: (out) (optional): whether it was found in the zoom inset
 *
 * The département drawn at a point, the zoom inset included: what a
 * pointer or a finger on the map means. moisson_atlas_find_at () tells
 * where a place lies, and never answers in the zoom inset.
 *
 * Returns: (transfer none) (nullable): the département under the point
 */
MoissonDepartement *
moisson_atlas_pick (MoissonAtlas *self,
                    double        x,
                    double        y,
                    gboolean     *in_zoom)
{
  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  if (in_zoom != NULL)
    *in_zoom = FALSE;
  if (self->has_zoom && moisson_bbox_contains (&self->zoom.frame, x, y))
    {
      const MoissonAtlasZoom *zoom = &self->zoom;
      double mx = (zoom->source.min_x + zoom->source.max_x) / 2.0 +
                  (x - (zoom->frame.min_x + zoom->frame.max_x) / 2.0) / zoom->scale;
      double my = (zoom->source.min_y + zoom->source.max_y) / 2.0 +
                  (y - (zoom->frame.min_y + zoom->frame.max_y) / 2.0) / zoom->scale;

      for (guint k = 0; k < self->zoom_members->len; k++)
        {
          MoissonDepartement *member = g_ptr_array_index (self->departements,
                                                          g_array_index (self->zoom_members, guint, k));

          if (moisson_departement_contains_point (member, mx, my))
            {
              if (in_zoom != NULL)
                *in_zoom = TRUE;
              return member;
            }
        }
      return NULL;
    }
  return moisson_atlas_find_at (self, x, y);
}

static void
consider (MoissonDepartement  *candidate,
          double               x,
          double               y,
          MoissonDepartement **found,
          double              *found_area)
{
  const MoissonBBox *bbox;
  double area;

  if (!moisson_departement_contains_point (candidate, x, y))
    return;
  bbox = moisson_departement_get_bbox (candidate);
  area = moisson_bbox_get_width (bbox) * moisson_bbox_get_height (bbox);
  /* Where a file lets shapes overlap (an enclave drawn without its hole),
   * the smaller one is the one meant. */
  if (area < *found_area)
    {
      *found = candidate;
      *found_area = area;
    }
}

/**
 * moisson_atlas_find_at:
 * @x, @y: a point of the map plane
 *
 * Returns: (transfer none) (nullable): the département under the point
 */
MoissonDepartement *
moisson_atlas_find_at (MoissonAtlas *self,
                       double        x,
                       double        y)
{
  MoissonDepartement *found = NULL;
  double found_area = G_MAXDOUBLE;
  guint column, row, cell;

  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);

  if (!moisson_bbox_contains (&self->bounds, x, y))
    return NULL;

  column = MIN ((guint) ((x - self->bounds.min_x) / self->cell_width), self->grid_columns - 1);
  row = MIN ((guint) ((y - self->bounds.min_y) / self->cell_height), self->grid_rows - 1);
  cell = row * self->grid_columns + column;

  /* The shapes of the point's cell, then those too large for the grid. */
  for (guint k = self->cell_starts[cell]; k < self->cell_starts[cell + 1]; k++)
    consider (g_ptr_array_index (self->departements, self->cell_items[k]), x, y, &found, &found_area);
  for (guint k = 0; k < self->large_items->len; k++)
    consider (g_ptr_array_index (self->departements, g_array_index (self->large_items, guint, k)),
              x, y, &found, &found_area);

  return found;
}

/**
 * moisson_atlas_lonlat_to_plane:
 *
 * Places a WGS 84 longitude/latitude on the map plane, in an inset when it
 * lies overseas.
 *
 * Returns: %FALSE when the point is neither in metropolitan France nor in an
 *   overseas département shown by this atlas
 */
gboolean
moisson_atlas_lonlat_to_plane (MoissonAtlas *self,
                               double        lon,
                               double        lat,
                               double       *x,
                               double       *y)
{
  MoissonBBox point_box = { lon, lat, lon, lat };
  int definition = find_inset_definition (&point_box);
  MoissonPoint point = { lon, lat };
  Inset *inset = NULL;
  gboolean projected;

  g_return_val_if_fail (MOISSON_IS_ATLAS (self), FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (definition == -2)
    return FALSE;
  if (definition == MAINLAND)
    {
      gboolean done;

      g_mutex_lock (&self->projection_lock);
      done = moisson_projection_transform (self->mainland_projection, &point, 1, NULL);
      g_mutex_unlock (&self->projection_lock);
      if (!done)
        return FALSE;
      *x = point.x;
      *y = point.y;
      return TRUE;
    }

  for (guint i = 0; i < self->insets->len; i++)
    if (g_array_index (self->insets, Inset, i).definition == &inset_definitions[definition])
      inset = &g_array_index (self->insets, Inset, i);
  if (inset == NULL)
    return FALSE;
  g_mutex_lock (&self->projection_lock);
  projected = moisson_projection_transform (inset->projection, &point, 1, NULL);
  g_mutex_unlock (&self->projection_lock);
  if (!projected)
    return FALSE;

  *x = (inset->frame.min_x + inset->frame.max_x) / 2.0 + (point.x - inset->local_center_x) * inset->scale;
  *y = (inset->frame.min_y + inset->frame.max_y) / 2.0 + (point.y - inset->local_center_y) * inset->scale;
  return TRUE;
}

typedef struct
{
  MoissonDepartement *departement;
  int rank;
} SearchHit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const SearchHit *ha = a;
  const SearchHit *hb = b;

  if (ha->rank != hb->rank)
    return ha->rank - hb->rank;
  return strcmp (moisson_departement_get_code (ha->departement), moisson_departement_get_code (hb->departement));
}

/**
 * moisson_departement_match_rank:
 * @query: a name or a code, in any case, with or without accents
 *
 * Returns: how well @query names @departement: 0 exact code, 1 exact name,
 *   2 start of the name, 3 start of a word, 4 anywhere; -1 not at all
 */
int
moisson_departement_match_rank (MoissonDepartement *departement,
                                const char         *query)
{
  g_autofree char *folded_query = NULL;
  g_autofree char *code_query = NULL;
  g_autofree char *word_query = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (departement), -1);
  g_return_val_if_fail (query != NULL, -1);

  folded_query = moisson_fold_for_search (query);
  if (*folded_query == '\0')
    return -1;
  code_query = moisson_insee_normalize_code (folded_query);
  name = moisson_fold_for_search (moisson_departement_get_name (departement));
  word_query = g_strconcat (" ", folded_query, NULL);

  if (g_ascii_strcasecmp (moisson_departement_get_code (departement), code_query) == 0)
    return 0;
  if (strcmp (name, folded_query) == 0)
    return 1;
  if (g_str_has_prefix (name, folded_query))
    return 2;
  if (strstr (name, word_query) != NULL)
    return 3;
  if (strstr (name, folded_query) != NULL)
    return 4;
  return -1;
}

/**
 * moisson_atlas_search:
 * @query: a name or a code, in any case, with or without accents
 *
 * Returns: (transfer container) (element-type MoissonDepartement): the
 *   matches, best first: exact code, exact name, name start, word start,
 *   anywhere in the name
 */
GPtrArray *
moisson_atlas_search (MoissonAtlas *self,
                      const char   *query)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SearchHit));
  GPtrArray *results;

  g_return_val_if_fail (MOISSON_IS_ATLAS (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  for (guint i = 0; i < self->departements->len; i++)
    {
      SearchHit hit = { g_ptr_array_index (self->departements, i), -1 };

      hit.rank = moisson_departement_match_rank (hit.departement, query);
      if (hit.rank >= 0)
        g_array_append_val (hits, hit);
    }

  g_array_sort (hits, compare_hits);
  results = g_ptr_array_sized_new (hits->len);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (results, g_array_index (hits, SearchHit, i).departement);

  return results;
}
