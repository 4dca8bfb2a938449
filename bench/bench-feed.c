/* bench-feed.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parse + validate + index a generated feed:
 *   bench-feed --generate N FILE       writes a feed of N initiatives
 *   bench-feed --generate-csv N FILE   writes a CSV table of N rows, as open data has them
 *   bench-feed --generate-geojson N FILE   the same rows as the features of a GeoJSON file
 *   bench-feed FILE [RUNS]             parses it RUNS times, prints medians
 * With BENCH_SPLIT=1 in the environment, each keystroke is printed too: the
 * map's counts, the list, the panel's facets, then all.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-clock.h"
#include "moisson-core.h"

static const char *fields[] = { "solidarites", "developpement-local", "service-public", "emploi", "numerique" };
static const char *kinds[] = { "project", "team", "place", "network" };

/* Where generated initiatives are: around these towns, most near the
 * largest, as real ones are (lon, lat, weight). */
static const double towns[][3] = {
  { 2.35, 48.86, 12 }, { 4.84, 45.76, 5 }, { 5.37, 43.30, 5 }, { 1.44, 43.60, 4 }, { -0.58, 44.84, 4 },
  { 3.06, 50.63, 4 }, { -1.55, 47.22, 4 }, { 7.75, 48.58, 3 }, { -1.68, 48.11, 3 }, { 7.26, 43.70, 3 },
  { 3.88, 43.61, 3 }, { 5.72, 45.19, 2 }, { 5.04, 47.32, 2 }, { 0.69, 47.39, 2 }, { 1.10, 49.44, 2 },
  { 3.09, 45.78, 2 }, { 6.18, 48.69, 2 }, { 2.30, 49.89, 1 }, { 0.34, 46.58, 1 }, { 1.26, 45.83, 1 },
  { -4.49, 48.39, 1 }, { 4.36, 43.84, 1 }, { 6.02, 47.24, 1 }, { 9.15, 42.15, 1 },
};

/* A point near a town picked by weight, from its own generator: the rest
 * of the feed is the same with or without locations. */
static void
generate_location (GRand  *rand,
                   double *lon,
                   double *lat)
{
  double total = 0, pick, spread;
  guint t = 0;

  for (guint k = 0; k < G_N_ELEMENTS (towns); k++)
    total += towns[k][2];
  pick = g_rand_double_range (rand, 0, total);
  while (t + 1 < G_N_ELEMENTS (towns) && (pick -= towns[t][2]) > 0)
    t++;
  /* Most in town, some in the country around it. */
  spread = g_rand_int_range (rand, 0, 4) == 0 ? 0.6 : 0.12;
  *lon = towns[t][0] + (g_rand_double (rand) + g_rand_double (rand) - 1.0) * spread;
  *lat = towns[t][1] + (g_rand_double (rand) + g_rand_double (rand) - 1.0) * spread * 0.7;
}

static int
generate (guint       n,
          const char *path)
{
  FILE *out = fopen (path, "w");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GRand) places = g_rand_new_with_seed (13);

  if (out == NULL)
    return 1;
  fprintf (out, "{\"format\": \"moisson-feed\", \"version\": 1, \"fields\": [");
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    fprintf (out, "%s{\"id\": \"%s\", \"label\": \"%s\", \"color\": \"#336699\"}", f ? ", " : "", fields[f], fields[f]);
  fprintf (out, "],\n\"initiatives\": [\n");
  for (guint i = 0; i < n; i++)
    {
      guint d1 = g_rand_int_range (rand, 0, MOISSON_N_DEPARTEMENTS);
      guint d2 = g_rand_int_range (rand, 0, MOISSON_N_DEPARTEMENTS);
      double lon, lat;

      generate_location (places, &lon, &lat);

      fprintf (out,
               "%s{\"id\": \"init-%u\", \"title\": \"Initiative n°%u en réseau\", "
               "\"departements\": [\"%s\", \"%s\"], \"fields\": [\"%s\"], "
               "\"summary\": \"Une expérimentation départementale pour l'accueil des usagers et la coopération des équipes.\", "
               "\"description\": \"Les agents et les habitants conçoivent ensemble un service plus simple.\", "
               "\"kind\": \"%s\", \"status\": \"running\", \"year\": %u, "
               "\"actors\": [\"Conseil départemental\", \"Association locale\"], \"tags\": [\"innovation\", \"usagers\"], "
               "\"links\": [{\"label\": \"Site\", \"url\": \"https://example.org/%u\"}], "
               "\"location\": {\"lat\": %.4f, \"lon\": %.4f}, "
               "\"source\": {\"title\": \"Bench\", \"date\": \"2026\"}, \"updated\": \"2026-11-24\"}\n",
               i ? "," : "", i, i,
               moisson_insee_get_departement_code (d1), moisson_insee_get_departement_code (d2),
               fields[i % G_N_ELEMENTS (fields)], kinds[i % G_N_ELEMENTS (kinds)], 2010 + i % 16, i, lat, lon);
    }
  fprintf (out, "]}\n");
  return fclose (out) == 0 ? 0 : 1;
}

/* Columns as a spreadsheet of places has them: the département given by
 * the commune's INSEE code, a point, a link and a date. */
/* The places of open data, as a CSV table or as the features of a GeoJSON
 * FeatureCollection: the same values either way. */
static int
generate_places (guint       n,
                 const char *path,
                 gboolean    geojson)
{
  FILE *out = fopen (path, "w");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  if (out == NULL)
    return 1;
  if (geojson)
    fprintf (out, "{\"type\": \"FeatureCollection\", \"features\": [\n");
  else
    fprintf (out, "\xef\xbb\xbfnom;description;code_insee;latitude;longitude;site_web;courriel;date_maj;thematiques\r\n");
  for (guint i = 0; i < n; i++)
    {
      const char *departement = moisson_insee_get_departement_code (g_rand_int_range (rand, 0, MOISSON_N_DEPARTEMENTS));
      int commune = g_rand_int_range (rand, 1, 99);
      int lat = g_rand_int_range (rand, 42, 51), lat_decimals = g_rand_int_range (rand, 0, 10000);
      int lon = g_rand_int_range (rand, -4, 8), lon_decimals = g_rand_int_range (rand, 0, 10000);

      if (geojson)
        fprintf (out,
                 "%s{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [%d.%04d, %d.%04d]}, "
                 "\"properties\": {\"nom\": \"Lieu de médiation n°%u\", "
                 "\"description\": \"Accueil, ateliers et \\\"aide aux démarches\\\" pour les habitants\", "
                 "\"code_insee\": \"%s%0*d\", \"site_web\": \"https://example.org/lieu/%u\", "
                 "\"courriel\": \"contact%u@example.org\", \"date_maj\": \"20%02u-0%u-1%u\", "
                 "\"thematiques\": \"numérique, inclusion\"}}\n",
                 i ? "," : "", lon, lon_decimals, lat, lat_decimals, i, departement,
                 departement[2] != '\0' ? 2 : 3, commune, i, i, 10 + i % 16, 1 + i % 9, i % 10);
      else
        fprintf (out,
                 "Lieu de médiation n°%u;\"Accueil, ateliers et \"\"aide aux démarches\"\" pour les habitants\";"
                 "%s%0*d;%d,%04d;%d,%04d;https://example.org/lieu/%u;contact%u@example.org;20%02u-0%u-1%u;"
                 "numérique, inclusion\r\n",
                 i, departement, departement[2] != '\0' ? 2 : 3, commune, lat, lat_decimals, lon, lon_decimals,
                 i, i, 10 + i % 16, 1 + i % 9, i % 10);
    }
  if (geojson)
    fprintf (out, "]}\n");
  return fclose (out) == 0 ? 0 : 1;
}

/* What a keystroke runs, in the order the window runs it. */
typedef struct
{
  GListModel *store;
  GListModel *list;
  guint listed;
  gint64 map_done;
  gint64 list_done;
  gint64 panel_done;
} Keystroke;

/* The session: the map's counts, over every initiative. (Not its
 * markers: they are placed on boundaries, which this bench does not load.) */
static void
count_map (MoissonFilter *filter,
           int            change,
           Keystroke     *keystroke)
{
  g_autoptr(GHashTable) counts = moisson_filter_count_facet (filter, keystroke->store, MOISSON_FACET_NONE);

  keystroke->map_done = keystroke->list_done = g_get_monotonic_time ();
}

static void
note_list (GListModel *list,
           guint       position,
           guint       removed,
           guint       added,
           Keystroke  *keystroke)
{
  keystroke->list_done = g_get_monotonic_time ();
}

/* The side panel: the facets it shows, and the length of the list. */
static void
count_panel (MoissonFilter *filter,
             int            change,
             Keystroke     *keystroke)
{
  static const MoissonFacet facets[] = {
    MOISSON_FACET_FIELD, MOISSON_FACET_KIND, MOISSON_FACET_STATUS,
    MOISSON_FACET_REVIEW, MOISSON_FACET_REGION, MOISSON_FACET_FRESHNESS,
  };
  g_autofree GHashTable **counts = moisson_filter_count_facets_in (filter, keystroke->store, NULL,
                                                                   facets, G_N_ELEMENTS (facets));

  for (guint f = 0; f < G_N_ELEMENTS (facets); f++)
    g_hash_table_unref (counts[f]);
  keystroke->listed = g_list_model_get_n_items (keystroke->list);
  keystroke->panel_done = g_get_monotonic_time ();
}

/* Of every thread: placing may use several. */
static double
process_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contents = NULL;
  g_autofree double *times = NULL;
  gsize length;
  int runs;
  guint loaded = 0;
  struct rusage usage;
  double median_ms, median_cpu_ms;
  g_autofree double *times_cpu = NULL;

  if (argc == 4 && g_str_equal (argv[1], "--generate"))
    return generate ((guint) atoi (argv[2]), argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--generate-csv"))
    return generate_places ((guint) atoi (argv[2]), argv[3], FALSE);
  if (argc == 4 && g_str_equal (argv[1], "--generate-geojson"))
    return generate_places ((guint) atoi (argv[2]), argv[3], TRUE);
  if (argc < 2)
    {
      g_printerr ("usage: %s FILE [RUNS] | --generate N FILE | --generate-csv N FILE | --generate-geojson N FILE\n",
                  argv[0]);
      return 2;
    }

  runs = argc > 2 ? atoi (argv[2]) : 5;
  times = g_new (double, runs);
  times_cpu = g_new (double, runs);
  if (!g_file_get_contents (argv[1], &contents, &length, NULL))
    return 1;

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonFeed) feed = NULL;
      g_autoptr(MoissonInitiativeStore) store = moisson_initiative_store_new ();
      gint64 start = g_get_monotonic_time ();
      double start_cpu = process_cpu_ms ();

      /* Parse, validate, and index (the store and its counts). */
      feed = moisson_feed_parse (contents, length, NULL, &error);
      if (feed == NULL)
        {
          g_printerr ("bench-feed: %s\n", error->message);
          return 1;
        }
      moisson_initiative_store_set_feed (store, feed);
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      times_cpu[r] = process_cpu_ms () - start_cpu;
      loaded = moisson_feed_get_initiatives (feed)->len;
    }

  qsort (times, runs, sizeof (double), compare_doubles);
  median_ms = times[runs / 2];
  qsort (times_cpu, runs, sizeof (double), compare_doubles);
  median_cpu_ms = times_cpu[runs / 2];

  /* A keystroke in the search entry with a field ticked, as the window
   * takes it: the criteria change; the map counts per département (the
   * session), the list lists the matches (its model), the panel counts
   * every facet and reads the list's length, in that order. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MoissonFeed) feed = moisson_feed_parse (contents, length, NULL, &error);
    g_autoptr(MoissonInitiativeStore) store = moisson_initiative_store_new ();
    g_autoptr(MoissonFilter) filter = moisson_filter_new ();
    g_autoptr(MoissonMatchList) list = NULL;
    /* Each word matches every initiative with the field; the number
     * narrows the list at last. */
    const char *typed = "equipe innovation 421";
    g_autofree double *keystrokes = g_new (double, strlen (typed));
    g_autofree double *keystrokes_cpu = g_new (double, strlen (typed));
    Keystroke keystroke = { .store = G_LIST_MODEL (store) };
    gint64 start;

    moisson_initiative_store_set_feed (store, feed);
    g_signal_connect (filter, "changed", G_CALLBACK (count_map), &keystroke);
    list = moisson_match_list_new (G_LIST_MODEL (store), filter);
    keystroke.list = G_LIST_MODEL (list);
    g_signal_connect_after (list, "items-changed", G_CALLBACK (note_list), &keystroke);
    g_signal_connect (filter, "changed", G_CALLBACK (count_panel), &keystroke);
    moisson_filter_set_field (filter, "solidarites", TRUE);
    /* The first search folds each initiative's text and indexes its words, once. */
    start = g_get_monotonic_time ();
    moisson_filter_set_search_text (filter, "x");
    printf ("first search: index_ms=%.0f\n", (g_get_monotonic_time () - start) / 1000.0);

    for (gsize k = 1; k <= strlen (typed); k++)
      {
        g_autofree char *prefix = g_strndup (typed, k);
        double start_cpu = thread_cpu_ms ();

        start = g_get_monotonic_time ();
        keystroke.map_done = keystroke.list_done = keystroke.panel_done = start;
        moisson_filter_set_search_text (filter, prefix);
        keystrokes[k - 1] = (g_get_monotonic_time () - start) / 1000.0;
        keystrokes_cpu[k - 1] = thread_cpu_ms () - start_cpu;
        if (g_getenv ("BENCH_SPLIT"))
          printf ("  '%s': map %.2f ms, list %.2f ms, panel %.2f ms, all %.2f ms (%u listed)\n", prefix,
                  (keystroke.map_done - start) / 1000.0, (keystroke.list_done - keystroke.map_done) / 1000.0,
                  (keystroke.panel_done - keystroke.list_done) / 1000.0, keystrokes[k - 1], keystroke.listed);
      }
    qsort (keystrokes, strlen (typed), sizeof (double), compare_doubles);
    qsort (keystrokes_cpu, strlen (typed), sizeof (double), compare_doubles);
    /* Processor time too: on a shared machine the wall clock counts the
     * other processes' turns. */
    printf ("keystroke: median_ms=%.1f max_ms=%.1f cpu_median_ms=%.1f cpu_max_ms=%.1f over %u initiatives (%u listed at the end)\n",
            keystrokes[strlen (typed) / 2], keystrokes[strlen (typed) - 1],
            keystrokes_cpu[strlen (typed) / 2], keystrokes_cpu[strlen (typed) - 1],
            g_list_model_get_n_items (G_LIST_MODEL (store)), g_list_model_get_n_items (G_LIST_MODEL (list)));
  }
  getrusage (RUSAGE_SELF, &usage);
  /* The processor time too: on a shared machine the wall clock counts
   * other processes' turns. */
  printf ("file=%s size_mb=%.1f initiatives=%u parse_ms=%.0f throughput_mb_s=%.1f parse_cpu_ms=%.0f "
          "cpu_throughput_mb_s=%.1f peak_rss_mb=%.0f\n",
          argv[1], length / 1e6, loaded, median_ms, length / 1e6 / (median_ms / 1000.0), median_cpu_ms,
          length / 1e6 / (median_cpu_ms / 1000.0), usage.ru_maxrss / 1024.0);
  return 0;
}
