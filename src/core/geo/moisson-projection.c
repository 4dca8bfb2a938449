/* moisson-projection.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-projection.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <proj.h>
#include <string.h>

#include "moisson-threads-private.h"

/* PROJ is loaded by the first thread that sets up a projection, not with
 * the executable: it and the libraries it brings (C++, SQLite, TIFF…) are
 * slow to load and bind, which commands without a map need not wait for,
 * and a load hides behind reading the file by starting them in the
 * background first. */
#define PROJ_FUNCTIONS(F) \
  F (proj_context_create) \
  F (proj_context_destroy) \
  F (proj_context_errno) \
  F (proj_context_errno_string) \
  F (proj_context_set_autoclose_database) \
  F (proj_context_set_search_paths) \
  F (proj_create) \
  F (proj_create_crs_to_crs_from_pj) \
  F (proj_create_from_wkt) \
  F (proj_destroy) \
  F (proj_errno_reset) \
  F (proj_get_name) \
  F (proj_is_crs) \
  F (proj_is_equivalent_to_with_ctx) \
  F (proj_log_func) \
  F (proj_log_level) \
  F (proj_normalize_for_visualization) \
  F (proj_string_list_destroy) \
  F (proj_trans_generic)

#define DECLARE_FUNCTION(name) __typeof__ (name) *name;
static struct
{
  PROJ_FUNCTIONS (DECLARE_FUNCTION)
} libproj;
#undef DECLARE_FUNCTION

static gsize proj_loaded = 0;

static gboolean
load_proj (GError **error)
{
  static char *failure = NULL;

  if (g_once_init_enter (&proj_loaded))
    {
      void *library = dlopen (MOISSON_PROJ_LIBRARY, RTLD_NOW | RTLD_LOCAL);

      if (library == NULL)
        failure = g_strdup (dlerror ());
#define LOAD_FUNCTION(name) \
      if (failure == NULL && (libproj.name = (__typeof__ (name) *) dlsym (library, #name)) == NULL) \
        failure = g_strdup (dlerror ());
      PROJ_FUNCTIONS (LOAD_FUNCTION)
#undef LOAD_FUNCTION
      g_once_init_leave (&proj_loaded, 1);
    }
  if (failure != NULL)
    {
      g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_NO_LIBRARY,
                   _("The PROJ library cannot be loaded: %s"), failure);
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_projection_library_is_ready:
 *
 * Returns: whether setting up a projection no longer waits for PROJ to be
 *   loaded (it is, or it could not be)
 */
gboolean
moisson_projection_library_is_ready (void)
{
  return g_atomic_pointer_get (&proj_loaded) != 0;
}

static gpointer
load_proj_in_thread (gpointer data)
{
  load_proj (NULL);
  return NULL;
}

/**
 * moisson_projection_load_library_in_background:
 *
 * Starts loading PROJ in a thread of its own, if it is not loaded yet and
 * a second processor can take it: work started right after, such as
 * reading a file, need not wait for it.
 */
void
moisson_projection_load_library_in_background (void)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      if (!moisson_projection_library_is_ready () && _moisson_get_n_threads () >= 2)
        g_thread_unref (g_thread_new ("moisson-proj", load_proj_in_thread, NULL));
      g_once_init_leave (&started, 1);
    }
}

/* From here on, PROJ's functions are those loaded. */
#define proj_context_create libproj.proj_context_create
#define proj_context_destroy libproj.proj_context_destroy
#define proj_context_errno libproj.proj_context_errno
#define proj_context_errno_string libproj.proj_context_errno_string
#define proj_context_set_autoclose_database libproj.proj_context_set_autoclose_database
#define proj_context_set_search_paths libproj.proj_context_set_search_paths
#define proj_create libproj.proj_create
#define proj_create_crs_to_crs_from_pj libproj.proj_create_crs_to_crs_from_pj
#define proj_create_from_wkt libproj.proj_create_from_wkt
#define proj_destroy libproj.proj_destroy
#define proj_errno_reset libproj.proj_errno_reset
#define proj_get_name libproj.proj_get_name
#define proj_is_crs libproj.proj_is_crs
#define proj_is_equivalent_to_with_ctx libproj.proj_is_equivalent_to_with_ctx
#define proj_log_func libproj.proj_log_func
#define proj_log_level libproj.proj_log_level
#define proj_normalize_for_visualization libproj.proj_normalize_for_visualization
#define proj_string_list_destroy libproj.proj_string_list_destroy
#define proj_trans_generic libproj.proj_trans_generic

/* A PROJ context, shared by the projections one thread creates together:
 * proj.db is then opened and searched through one connection. */
typedef struct
{
  gatomicrefcount ref_count;
  PJ_CONTEXT *context;
  gboolean without_database;   /* for the known operations only */
} Context;

/* See moisson_projection_set_interpolation(): tiles of this many degrees
 * a side, each with a bicubic patch through 4 × 4 of PROJ's results... */
#define TILE_DEGREES 0.5
/* ...which must stay this close to PROJ, in metres, at 3 × 3 points
 * between those; on Lambert-93 they stay within 0.04 mm. */
#define PATCH_TOLERANCE 1e-4

/* x and y side by side: both coordinates computed in one pass. */
typedef double Pair __attribute__ ((vector_size (2 * sizeof (double))));

typedef struct
{
  gint64 key;         /* column and row of the tile */
  gboolean exact;     /* the patch strays from PROJ, or PROJ fails there */
  Pair c[16];         /* coefficients of u^a v^b at [4 b + a], with u and */
} Patch;              /* v in [0, 1) across the tile */

struct _MoissonProjection
{
  Context *shared;
  PJ_CONTEXT *context;
  PJ *transform;
  char *source_name;
  gboolean identity;
  gboolean takes_radians;   /* @transform is a bare projection */

  /* See moisson_projection_set_interpolation(). */
  GHashTable *patches;    /* &key → Patch */
  Patch *last_patch;      /* neighbouring vertices share their tile */
  GArray *misses;         /* MoissonPoint: the points left to PROJ */
  GArray *miss_indices;   /* gsize: where each came from */
};

G_DEFINE_QUARK (moisson-projection-error-quark, moisson_projection_error)

static gboolean
looks_like_wkt (const char *text)
{
  /* WKT starts with a keyword and a bracket: GEOGCS[, PROJCS[, PROJCRS[ ... */
  const char *bracket = strchr (text, '[');

  if (bracket == NULL)
    return FALSE;
  for (const char *p = text; p < bracket; p++)
    if (!g_ascii_isalpha (*p) && *p != '_' && !g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static PJ *
create_crs (PJ_CONTEXT  *context,
            const char  *definition,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (definition));
  PJ *crs;

  if (looks_like_wkt (trimmed))
    {
      PROJ_STRING_LIST warnings = NULL;
      PROJ_STRING_LIST errors = NULL;

      crs = proj_create_from_wkt (context, trimmed, NULL, &warnings, &errors);
      if (crs == NULL && errors != NULL && errors[0] != NULL)
        {
          g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                       _("Unreadable coordinate system definition: %s"), errors[0]);
          proj_string_list_destroy (warnings);
          proj_string_list_destroy (errors);
          return NULL;
        }
      proj_string_list_destroy (warnings);
      proj_string_list_destroy (errors);
    }
  else
    crs = proj_create (context, trimmed);

  if (crs == NULL)
    {
      g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                   _("Unreadable coordinate system definition: %s"),
                   proj_context_errno_string (context, proj_context_errno (context)));
      return NULL;
    }

  if (!proj_is_crs (crs))
    {
      proj_destroy (crs);
      g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                   _("The definition is not a coordinate reference system"));
      return NULL;
    }

  return crs;
}

/* The operations from longitudes and latitudes that every map needs, as
 * PROJ's database gives them (a null shift from WGS 84 to the French
 * datum, then the projection; the tests compare them with the database's).
 * Written out, they are set up without searching proj.db, a slow search
 * at every start. And the projection alone, fed radians, skips the
 * pipeline's conversion step: the same bits, for less work a vertex. */
static const struct
{
  const char *target;
  const char *projection;   /* from radians */
} lonlat_operations[] = {
  { MOISSON_CRS_LAMBERT_93, "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80" },
  { "EPSG:5490", "+proj=utm +zone=20 +ellps=GRS80" },          /* RGAF09 / UTM 20N */
  { "EPSG:2972", "+proj=utm +zone=22 +ellps=GRS80" },          /* RGFG95 / UTM 22N */
  { "EPSG:2975", "+proj=utm +zone=40 +south +ellps=GRS80" },   /* RGR92 / UTM 40S */
  { "EPSG:4471", "+proj=utm +zone=38 +south +ellps=GRS80" },   /* RGM04 / UTM 38S */
};

static const char *
find_known_operation (const char *source_crs,
                      const char *target_crs)
{
  if (strcmp (source_crs, MOISSON_CRS_WGS84) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (lonlat_operations); i++)
    if (strcmp (target_crs, lonlat_operations[i].target) == 0)
      return lonlat_operations[i].projection;
  return NULL;
}

/* The .prj that GDAL, QGIS and ArcGIS write for longitudes and latitudes
 * on WGS 84, as most French open-data shapefiles carry it. Recognised by
 * its text, it needs neither PROJ's parser nor its database, which would
 * cost time at each load. */
static const char esri_wgs84_wkt[] =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/* Whether @definition is @expected once blanks outside quotes are left out. */
static gboolean
same_wkt (const char *definition,
          const char *expected)
{
  gboolean quoted = FALSE;

  for (const char *p = definition; *p != '\0'; p++)
    {
      if (!quoted && g_ascii_isspace (*p))
        continue;
      if (*p != *expected)
        return FALSE;
      if (*p == '"')
        quoted = !quoted;
      expected++;
    }
  return *expected == '\0';
}

static void
log_nothing (void       *data,
             int         level,
             const char *message)
{
}

static Context *
context_new (gboolean without_database)
{
  Context *context = g_new0 (Context, 1);

  g_atomic_ref_count_init (&context->ref_count);
  context->context = proj_context_create ();
  proj_log_level (context->context, PJ_LOG_NONE);
  proj_log_func (context->context, NULL, log_nothing);
  context->without_database = without_database;
  if (without_database)
    {
      /* A PROJ string of a projection needs no file, but PROJ opens proj.db
       * for it whenever it finds one, at each start, and closes it at exit,
       * both slow: searched for where no file can be, it is not found. */
      const char *nowhere[] = { "/dev/null/no-proj-data" };

      proj_context_set_search_paths (context->context, G_N_ELEMENTS (nowhere), nowhere);
    }
  else
    /* Set up once, the transformation needs no more lookups: without this
     * every context keeps its own connection and page cache to proj.db. */
    proj_context_set_autoclose_database (context->context, TRUE);
  return context;
}

static void
context_unref (Context *context)
{
  if (g_atomic_ref_count_dec (&context->ref_count))
    {
      proj_context_destroy (context->context);
      g_free (context);
    }
}

MoissonProjection *
moisson_projection_new (const char  *source_crs,
                        const char  *target_crs,
                        GError     **error)
{
  return moisson_projection_new_sharing (source_crs, target_crs, NULL, error);
}

/**
 * moisson_projection_new_sharing:
 * @share_with: (nullable): a projection whose PROJ context the new one
 *   shares; both must then be used from one thread at a time
 *
 * Like moisson_projection_new(), but several projections set up together
 * share one context: PROJ's database and caches, slow to open, are opened
 * once, not once for each of the five overseas insets.
 */
MoissonProjection *
moisson_projection_new_sharing (const char         *source_crs,
                                const char         *target_crs,
                                MoissonProjection  *share_with,
                                GError            **error)
{
  g_autoptr(MoissonProjection) self = NULL;
  PJ *source;
  PJ *target;
  PJ *raw;
  const char *known;

  g_return_val_if_fail (source_crs != NULL, NULL);
  g_return_val_if_fail (target_crs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (MoissonProjection, 1);
  /* Nothing to transform, nothing of PROJ's to load. */
  if (strcmp (target_crs, MOISSON_CRS_WGS84) == 0 && same_wkt (source_crs, esri_wgs84_wkt))
    {
      self->identity = TRUE;
      self->source_name = g_strdup ("WGS 84");
      return g_steal_pointer (&self);
    }

  if (!load_proj (error))
    return NULL;
  known = find_known_operation (source_crs, target_crs);
  if (share_with != NULL && share_with->shared != NULL && (!share_with->shared->without_database || known != NULL))
    {
      self->shared = share_with->shared;
      g_atomic_ref_count_inc (&self->shared->ref_count);
    }
  else
    self->shared = context_new (known != NULL);
  self->context = self->shared->context;
  if (known != NULL)
    {
      self->transform = proj_create (self->context, known);
      if (self->transform == NULL)
        {
          g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                       _("No transformation from %s to %s: %s"), source_crs, target_crs,
                       proj_context_errno_string (self->context, proj_context_errno (self->context)));
          return NULL;
        }
      self->takes_radians = TRUE;
      self->source_name = g_strdup ("WGS 84");
      return g_steal_pointer (&self);
    }

  source = create_crs (self->context, source_crs, error);
  if (source == NULL)
    return NULL;
  target = create_crs (self->context, target_crs, error);
  if (target == NULL)
    {
      proj_destroy (source);
      return NULL;
    }

  self->source_name = g_strdup (proj_get_name (source));
  self->identity = proj_is_equivalent_to_with_ctx (self->context, source, target,
                                                   PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
  if (self->identity)
    {
      /* Nothing to transform: no need to look up an operation. */
      proj_destroy (source);
      proj_destroy (target);
      return g_steal_pointer (&self);
    }

  raw = proj_create_crs_to_crs_from_pj (self->context, source, target, NULL, NULL);
  proj_destroy (source);
  proj_destroy (target);
  if (raw == NULL)
    {
      g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                   _("No transformation from %s to %s: %s"), source_crs, target_crs,
                   proj_context_errno_string (self->context, proj_context_errno (self->context)));
      return NULL;
    }

  /* Always easting/longitude first, whatever the CRS's official axis order. */
  self->transform = proj_normalize_for_visualization (self->context, raw);
  proj_destroy (raw);
  if (self->transform == NULL)
    {
      g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS,
                   _("Cannot normalise the axis order of %s"), source_crs);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
moisson_projection_free (MoissonProjection *projection)
{
  if (projection == NULL)
    return;

  g_clear_pointer (&projection->transform, proj_destroy);
  g_clear_pointer (&projection->shared, context_unref);
  moisson_projection_set_interpolation (projection, FALSE);
  g_free (projection->source_name);
  g_free (projection);
}

gboolean
moisson_projection_is_identity (MoissonProjection *projection)
{
  g_return_val_if_fail (projection != NULL, FALSE);

  return projection->identity;
}

const char *
moisson_projection_get_source_name (MoissonProjection *projection)
{
  g_return_val_if_fail (projection != NULL, NULL);

  return projection->source_name;
}

/**
 * moisson_projection_set_interpolation:
 *
 * With @enabled, a bare projection from longitudes and latitudes (the
 * known operations, free of grids) computes each point from a bicubic
 * patch over its tile of 0.5° a side, fitted to 16 of PROJ's results
 * there: about a sixth of PROJ's own cost. A patch is used only where it
 * matches PROJ within 0.1 mm at 9 more points; elsewhere, and for every
 * other operation, PROJ computes each point. The same point always gets
 * the same bits, so shared borders stay shared. Disabling frees the
 * patches.
 */
void
moisson_projection_set_interpolation (MoissonProjection *projection,
                                      gboolean           enabled)
{
  g_return_if_fail (projection != NULL);

  if (!enabled)
    {
      g_clear_pointer (&projection->patches, g_hash_table_unref);
      projection->last_patch = NULL;
      g_clear_pointer (&projection->misses, g_array_unref);
      g_clear_pointer (&projection->miss_indices, g_array_unref);
      return;
    }
  if (projection->patches != NULL || !projection->takes_radians)
    return;
  projection->patches = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  projection->misses = g_array_new (FALSE, FALSE, sizeof (MoissonPoint));
  projection->miss_indices = g_array_new (FALSE, FALSE, sizeof (gsize));
}

/* Transforms @points in place; on failure, @bad is the first point that
 * failed, or @n_points when PROJ stopped short after @done. */
static gboolean
transform_points (MoissonProjection *projection,
                  MoissonPoint      *points,
                  gsize              n_points,
                  gsize             *bad,
                  gsize             *done_out)
{
  gsize done;

  if (projection->takes_radians)
    for (gsize i = 0; i < n_points; i++)
      {
        points[i].x *= G_PI / 180.0;
        points[i].y *= G_PI / 180.0;
      }
  proj_errno_reset (projection->transform);
  done = proj_trans_generic (projection->transform, PJ_FWD,
                             &points[0].x, sizeof (MoissonPoint), n_points,
                             &points[0].y, sizeof (MoissonPoint), n_points,
                             NULL, 0, 0,
                             NULL, 0, 0);
  if (done != n_points)
    {
      *bad = n_points;
      *done_out = done;
      return FALSE;
    }

  for (gsize i = 0; i < n_points; i++)
    {
      if (!isfinite (points[i].x) || !isfinite (points[i].y) ||
          points[i].x == HUGE_VAL || points[i].y == HUGE_VAL)
        {
          *bad = i;
          return FALSE;
        }
    }

  return TRUE;
}

/* The coefficients, in powers of t, of the cubic through f(0), f(1/3),
 * f(2/3), f(1): the inverse of their Vandermonde matrix. */
static const double cubic_through[4][4] = {
  { 1, 0, 0, 0 },
  { -11.0 / 2, 9, -9.0 / 2, 1 },
  { 9, -45.0 / 2, 18, -9.0 / 2 },
  { -9.0 / 2, 27.0 / 2, -27.0 / 2, 9.0 / 2 },
};

static inline Pair
patch_eval (const Pair c[16],
            double     u,
            double     v)
{
  Pair r[4];

  for (int b = 0; b < 4; b++)
    r[b] = ((c[4 * b + 3] * u + c[4 * b + 2]) * u + c[4 * b + 1]) * u + c[4 * b];
  return ((r[3] * v + r[2]) * v + r[1]) * v + r[0];
}

/* Fits the patch of the tile whose south-west corner is (@x0, @y0), in
 * degrees, and checks it against PROJ between its nodes. */
static void
patch_fit (MoissonProjection *projection,
           Patch             *patch,
           double             x0,
           double             y0)
{
  MoissonPoint nodes[16 + 9];
  double row_x[4][4], row_y[4][4];
  gsize bad, done;

  for (int j = 0; j < 4; j++)
    for (int i = 0; i < 4; i++)
      nodes[4 * j + i] = (MoissonPoint) { x0 + TILE_DEGREES * i / 3.0, y0 + TILE_DEGREES * j / 3.0 };
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++)
      nodes[16 + 3 * j + i] = (MoissonPoint) { x0 + TILE_DEGREES * (2 * i + 1) / 6.0,
                                               y0 + TILE_DEGREES * (2 * j + 1) / 6.0 };
  patch->exact = !transform_points (projection, nodes, G_N_ELEMENTS (nodes), &bad, &done);
  if (patch->exact)
    return;

  /* Along u in each row of nodes, then along v. */
  for (int j = 0; j < 4; j++)
    for (int a = 0; a < 4; a++)
      {
        row_x[j][a] = row_y[j][a] = 0;
        for (int i = 0; i < 4; i++)
          {
            row_x[j][a] += cubic_through[a][i] * nodes[4 * j + i].x;
            row_y[j][a] += cubic_through[a][i] * nodes[4 * j + i].y;
          }
      }
  for (int b = 0; b < 4; b++)
    for (int a = 0; a < 4; a++)
      {
        patch->c[4 * b + a] = (Pair) { 0, 0 };
        for (int j = 0; j < 4; j++)
          patch->c[4 * b + a] += cubic_through[b][j] * (Pair) { row_x[j][a], row_y[j][a] };
      }

  for (int j = 0; j < 3 && !patch->exact; j++)
    for (int i = 0; i < 3 && !patch->exact; i++)
      {
        const MoissonPoint *check = &nodes[16 + 3 * j + i];
        Pair at = patch_eval (patch->c, (2 * i + 1) / 6.0, (2 * j + 1) / 6.0);

        patch->exact = !(fabs (at[0] - check->x) <= PATCH_TOLERANCE && fabs (at[1] - check->y) <= PATCH_TOLERANCE);
      }
}

/* The patch for (@x, @y) in degrees, made the first time its tile is
 * needed, and where the point lies across it; %NULL for a point PROJ
 * must compute. */
static inline const Patch *
patch_find (MoissonProjection *projection,
            const MoissonPoint *point,
            double            *u,
            double            *v)
{
  double column, row;
  gint64 key;
  Patch *patch;

  /* NaN fails too. */
  if (!(fabs (point->x) <= 360.0 && fabs (point->y) <= 90.0))
    return NULL;
  column = floor (point->x / TILE_DEGREES);
  row = floor (point->y / TILE_DEGREES);
  *u = point->x / TILE_DEGREES - column;
  *v = point->y / TILE_DEGREES - row;
  /* Rows run from -180 to 180: one key per tile. */
  key = (gint64) column * 1000 + (gint64) row;

  patch = projection->last_patch;
  if (patch == NULL || patch->key != key)
    {
      patch = g_hash_table_lookup (projection->patches, &key);
      if (patch == NULL)
        {
          patch = g_new (Patch, 1);
          patch->key = key;
          patch_fit (projection, patch, column * TILE_DEGREES, row * TILE_DEGREES);
          g_hash_table_insert (projection->patches, &patch->key, patch);
        }
      projection->last_patch = patch;
    }
  return patch->exact ? NULL : patch;
}

/* Through the patches: the points they cannot give go to PROJ together. */
static gboolean
transform_interpolated (MoissonProjection *projection,
                        MoissonPoint      *points,
                        gsize              n_points,
                        gsize             *bad,
                        gsize             *done)
{
  MoissonPoint *misses;
  gsize *indices;
  gsize n_misses = 0;

  /* At most every point misses: size the buffers once, fill them directly. */
  g_array_set_size (projection->misses, n_points);
  g_array_set_size (projection->miss_indices, n_points);
  misses = (MoissonPoint *) (void *) projection->misses->data;
  indices = (gsize *) (void *) projection->miss_indices->data;
  for (gsize i = 0; i < n_points; i++)
    {
      double u, v;
      const Patch *patch = patch_find (projection, &points[i], &u, &v);

      if (patch != NULL)
        {
          Pair at = patch_eval (patch->c, u, v);

          points[i] = (MoissonPoint) { at[0], at[1] };
        }
      else
        {
          misses[n_misses] = points[i];
          indices[n_misses++] = i;
        }
    }

  if (n_misses == 0)
    return TRUE;
  if (!transform_points (projection, misses, n_misses, bad, done))
    {
      *bad = *bad < n_misses ? indices[*bad] : n_points;
      return FALSE;
    }
  for (gsize j = 0; j < n_misses; j++)
    points[indices[j]] = misses[j];
  return TRUE;
}

/**
 * moisson_projection_transform:
 * @points: (inout): transformed in place
 *
 * Returns: %FALSE when a point cannot be transformed, @points then partly
 *   transformed
 */
gboolean
moisson_projection_transform (MoissonProjection  *projection,
                              MoissonPoint       *points,
                              gsize               n_points,
                              GError            **error)
{
  gsize bad = 0, done = 0;
  gboolean ok;

  g_return_val_if_fail (projection != NULL, FALSE);
  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);

  if (n_points == 0 || projection->identity)
    return TRUE;

  if (projection->patches != NULL)
    ok = transform_interpolated (projection, points, n_points, &bad, &done);
  else
    ok = transform_points (projection, points, n_points, &bad, &done);
  if (ok)
    return TRUE;

  if (bad == n_points)
    g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_TRANSFORM,
                 _("Only %lu of %lu points could be transformed"), (gulong) done, (gulong) n_points);
  else
    g_set_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_TRANSFORM,
                 _("Point %lu lies outside the area of its coordinate system"),
                 (gulong) bad + 1);
  return FALSE;
}
