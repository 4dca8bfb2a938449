/* bench-similar.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * « Déjà fait ailleurs ? » must answer within a keystroke:
 *   bench-similar [N] [RUNS]   generates N initiatives (10,000), indexes them,
 *                              then types a title and a summary letter by
 *                              letter, RUNS times (5); prints medians
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "moisson-core.h"

/* Words of the articles, drawn at random: a vocabulary of the right kind,
 * some words common and some rare. */
static const char *words[] = {
  "accueil", "agents", "usagers", "habitants", "territoire", "solidarité", "insertion", "emploi",
  "jeunes", "collèges", "cantines", "producteurs", "agricoles", "circuits", "courts", "restauration",
  "numérique", "télécentres", "tiers-lieu", "mobilité", "transport", "covoiturage", "santé", "médecins",
  "maisons", "services", "publics", "laboratoire", "innovation", "design", "expérimentation", "participation",
  "citoyens", "budget", "participatif", "handicap", "autonomie", "personnes", "âgées", "aidants", "enfance",
  "protection", "crèches", "rurales", "bibliothèque", "culture", "patrimoine", "tourisme", "vélo", "routes",
  "eau", "énergie", "rénovation", "logement", "précarité", "alimentation", "gaspillage", "déchets", "forêt",
  "biodiversité", "sport", "bénévoles", "associations", "entreprises", "incubateur", "coopération", "réseau",
  "veille", "formation", "métiers", "social", "demain", "plateforme", "données", "ouvertes", "cartographie",
};

/* Processor time of this thread, in ms: unlike the clock, it does not count
 * the time others' processes take the processor from it. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static const char *
word (GRand *rand)
{
  return words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
}

static char *
sentence (GRand *rand,
          guint  n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i ? (i % 3 ? " " : " des ") : "", word (rand));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
generate (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  GString *feed = g_string_new ("{\"initiatives\": [\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = sentence (rand, 4);
      g_autofree char *summary = sentence (rand, 14);
      g_autofree char *description = sentence (rand, 40);

      g_string_append_printf (feed,
                              "%s{\"id\": \"i%u\", \"title\": \"%s %u\", \"departements\": [\"%s\"], "
                              "\"fields\": [\"f%u\"], \"tags\": [\"%s\", \"%s\"], "
                              "\"summary\": \"%s\", \"description\": \"%s\"}\n",
                              i ? "," : "", i, title, i,
                              moisson_insee_get_departement_code (g_rand_int_range (rand, 0, MOISSON_N_DEPARTEMENTS)),
                              i % 7, word (rand), word (rand), summary, description);
    }
  g_string_append (feed, "]}\n");
  return g_string_free (feed, FALSE);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value below which @percent of @values lie. */
static double
percentile (GArray *values,
            guint   percent)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, values->len * percent / 100));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  static const char typed[] = "Produits des producteurs agricoles dans les cantines des collèges ruraux "
                              "— circuits courts pour la restauration collective";
  g_autofree char *text = generate (n);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, &error);
  g_autoptr(GArray) builds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) queries = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  double slowest = 0, slowest_cpu = 0;

  if (feed == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MoissonSimilarIndex) index = moisson_similar_index_new (moisson_feed_get_initiatives (feed));
      double built = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (builds, built);
      /* One query per keystroke, as the form asks. */
      for (gsize len = 1; len <= sizeof typed - 1; len++)
        {
          g_autofree char *prefix = g_strndup (typed, len);
          MoissonSimilarQuery query = { .text = prefix, .prefix_last = TRUE };
          g_autoptr(GArray) matches = NULL;
          double took, cpu_start, cpu_took;

          if (!g_utf8_validate (prefix, -1, NULL))
            continue;
          start = g_get_monotonic_time ();
          cpu_start = cpu_ms ();
          matches = moisson_similar_index_query (index, &query, 5);
          cpu_took = cpu_ms () - cpu_start;
          took = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (queries, took);
          g_array_append_val (cpu, cpu_took);
          slowest = MAX (slowest, took);
          slowest_cpu = MAX (slowest_cpu, cpu_took);
        }
    }

  printf ("initiatives: %u\n", moisson_feed_get_initiatives (feed)->len);
  printf ("index build: median %.1f ms\n", percentile (builds, 50));
  printf ("query per keystroke: median %.3f ms, 99th percentile %.3f ms, slowest %.3f ms (%u queries)\n",
          percentile (queries, 50), percentile (queries, 99), slowest, queries->len);
  printf ("  processor time: median %.3f ms, 99th percentile %.3f ms, slowest %.3f ms\n",
          percentile (cpu, 50), percentile (cpu, 99), slowest_cpu);
  return 0;
}
