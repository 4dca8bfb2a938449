/* moisson-insee.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-insee.h"

#include <string.h>

#include "moisson-text.h"

typedef struct
{
  const char *code;
  const char *region_code;
  const char *name;
} DepartementInfo;

typedef struct
{
  const char *code;
  const char *name;
} RegionInfo;

/* Source: INSEE, through @etalab/decoupage-administratif 6.0.0 (MIT). */
static const DepartementInfo departements[MOISSON_N_DEPARTEMENTS] = {
  { "01", "84", "Ain" },
  { "02", "32", "Aisne" },
  { "03", "84", "Allier" },
  { "04", "93", "Alpes-de-Haute-Provence" },
  { "05", "93", "Hautes-Alpes" },
  { "06", "93", "Alpes-Maritimes" },
  { "07", "84", "Ardèche" },
  { "08", "44", "Ardennes" },
  { "09", "76", "Ariège" },
  { "10", "44", "Aube" },
  { "11", "76", "Aude" },
  { "12", "76", "Aveyron" },
  { "13", "93", "Bouches-du-Rhône" },
  { "14", "28", "Calvados" },
  { "15", "84", "Cantal" },
  { "16", "75", "Charente" },
  { "17", "75", "Charente-Maritime" },
  { "18", "24", "Cher" },
  { "19", "75", "Corrèze" },
  { "21", "27", "Côte-d'Or" },
  { "22", "53", "Côtes-d'Armor" },
  { "23", "75", "Creuse" },
  { "24", "75", "Dordogne" },
  { "25", "27", "Doubs" },
  { "26", "84", "Drôme" },
  { "27", "28", "Eure" },
  { "28", "24", "Eure-et-Loir" },
  { "29", "53", "Finistère" },
  { "2A", "94", "Corse-du-Sud" },
  { "2B", "94", "Haute-Corse" },
  { "30", "76", "Gard" },
  { "31", "76", "Haute-Garonne" },
  { "32", "76", "Gers" },
  { "33", "75", "Gironde" },
  { "34", "76", "Hérault" },
  { "35", "53", "Ille-et-Vilaine" },
  { "36", "24", "Indre" },
  { "37", "24", "Indre-et-Loire" },
  { "38", "84", "Isère" },
  { "39", "27", "Jura" },
  { "40", "75", "Landes" },
  { "41", "24", "Loir-et-Cher" },
  { "42", "84", "Loire" },
  { "43", "84", "Haute-Loire" },
  { "44", "52", "Loire-Atlantique" },
  { "45", "24", "Loiret" },
  { "46", "76", "Lot" },
  { "47", "75", "Lot-et-Garonne" },
  { "48", "76", "Lozère" },
  { "49", "52", "Maine-et-Loire" },
  { "50", "28", "Manche" },
  { "51", "44", "Marne" },
  { "52", "44", "Haute-Marne" },
  { "53", "52", "Mayenne" },
  { "54", "44", "Meurthe-et-Moselle" },
  { "55", "44", "Meuse" },
  { "56", "53", "Morbihan" },
  { "57", "44", "Moselle" },
  { "58", "27", "Nièvre" },
  { "59", "32", "Nord" },
  { "60", "32", "Oise" },
  { "61", "28", "Orne" },
  { "62", "32", "Pas-de-Calais" },
  { "63", "84", "Puy-de-Dôme" },
  { "64", "75", "Pyrénées-Atlantiques" },
  { "65", "76", "Hautes-Pyrénées" },
  { "66", "76", "Pyrénées-Orientales" },
  { "67", "44", "Bas-Rhin" },
  { "68", "44", "Haut-Rhin" },
  { "69", "84", "Rhône" },
  { "70", "27", "Haute-Saône" },
  { "71", "27", "Saône-et-Loire" },
  { "72", "52", "Sarthe" },
  { "73", "84", "Savoie" },
  { "74", "84", "Haute-Savoie" },
  { "75", "11", "Paris" },
  { "76", "28", "Seine-Maritime" },
  { "77", "11", "Seine-et-Marne" },
  { "78", "11", "Yvelines" },
  { "79", "75", "Deux-Sèvres" },
  { "80", "32", "Somme" },
  { "81", "76", "Tarn" },
  { "82", "76", "Tarn-et-Garonne" },
  { "83", "93", "Var" },
  { "84", "93", "Vaucluse" },
  { "85", "52", "Vendée" },
  { "86", "75", "Vienne" },
  { "87", "75", "Haute-Vienne" },
  { "88", "44", "Vosges" },
  { "89", "27", "Yonne" },
  { "90", "27", "Territoire de Belfort" },
  { "91", "11", "Essonne" },
  { "92", "11", "Hauts-de-Seine" },
  { "93", "11", "Seine-Saint-Denis" },
  { "94", "11", "Val-de-Marne" },
  { "95", "11", "Val-d'Oise" },
  { "971", "01", "Guadeloupe" },
  { "972", "02", "Martinique" },
  { "973", "03", "Guyane" },
  { "974", "04", "La Réunion" },
  { "976", "06", "Mayotte" },
};

static const RegionInfo regions[MOISSON_N_REGIONS] = {
  { "01", "Guadeloupe" },
  { "02", "Martinique" },
  { "03", "Guyane" },
  { "04", "La Réunion" },
  { "06", "Mayotte" },
  { "11", "Île-de-France" },
  { "24", "Centre-Val de Loire" },
  { "27", "Bourgogne-Franche-Comté" },
  { "28", "Normandie" },
  { "32", "Hauts-de-France" },
  { "44", "Grand Est" },
  { "52", "Pays de la Loire" },
  { "53", "Bretagne" },
  { "75", "Nouvelle-Aquitaine" },
  { "76", "Occitanie" },
  { "84", "Auvergne-Rhône-Alpes" },
  { "93", "Provence-Alpes-Côte d'Azur" },
  { "94", "Corse" },
};

/* Looked up for every initiative at every keystroke: a hash table, built
 * once, rather than a scan of the 101. */
static const DepartementInfo *
find_departement (const char *code)
{
  static GHashTable *by_code;

  if (code == NULL)
    return NULL;
  if (g_once_init_enter (&by_code))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (departements); i++)
        g_hash_table_insert (table, (gpointer) departements[i].code, (gpointer) &departements[i]);
      g_once_init_leave (&by_code, table);
    }
  return g_hash_table_lookup (by_code, code);
}

const char *
moisson_insee_get_departement_code (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (departements), NULL);

  return departements[index].code;
}

const char *
moisson_insee_get_region_code_at (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (regions), NULL);

  return regions[index].code;
}

const char *
moisson_insee_get_departement_name (const char *code)
{
  const DepartementInfo *info = find_departement (code);

  return info != NULL ? info->name : NULL;
}

const char *
moisson_insee_get_region_code (const char *departement_code)
{
  const DepartementInfo *info = find_departement (departement_code);

  return info != NULL ? info->region_code : NULL;
}

/**
 * moisson_insee_get_departement_of:
 * @code: a département code, or the INSEE code of a commune ("26198",
 *   "2A004", "97411")
 *
 * Returns: (nullable): the code of the département it lies in: the
 *   commune code's first two characters, three overseas; %NULL when
 *   neither is known
 */
const char *
moisson_insee_get_departement_of (const char *code)
{
  const DepartementInfo *info = find_departement (code);
  char prefix[4] = { 0 };

  if (info != NULL)
    return info->code;
  if (code == NULL || strlen (code) != 5)
    return NULL;
  memcpy (prefix, code, g_str_has_prefix (code, "97") ? 3 : 2);
  info = find_departement (prefix);
  return info != NULL ? info->code : NULL;
}

/**
 * moisson_insee_get_counted_code:
 * @code: (nullable): the code of a shape of the boundaries
 *
 * Initiatives are counted per département, whatever the level of the
 * boundaries: a commune counts as its département.
 *
 * Returns: (nullable): the département of a commune's INSEE code, else @code
 */
const char *
moisson_insee_get_counted_code (const char *code)
{
  const char *departement;

  if (code == NULL || moisson_insee_is_departement_code (code))
    return code;
  departement = moisson_insee_get_departement_of (code);
  return departement != NULL ? departement : code;
}

/**
 * moisson_insee_find_departement_by_name:
 * @name: a département's name as people type it: "ardeche", "Côtes d'Armor",
 *   "LA REUNION"
 *
 * Returns: (nullable): its code; %NULL when no département has that name
 */
const char *
moisson_insee_find_departement_by_name (const char *name)
{
  static GHashTable *by_name;
  g_autofree char *folded = NULL;
  const char *code;

  g_return_val_if_fail (name != NULL, NULL);

  if (g_once_init_enter (&by_name))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (departements); i++)
        g_hash_table_insert (table, moisson_fold_for_search (departements[i].name), (gpointer) departements[i].code);
      g_once_init_leave (&by_name, table);
    }
  folded = moisson_fold_for_search (name);
  code = g_hash_table_lookup (by_name, folded);
  /* "Réunion" for "La Réunion". */
  if (code == NULL)
    {
      g_autofree char *with_article = g_strconcat ("la ", folded, NULL);

      code = g_hash_table_lookup (by_name, with_article);
    }
  return code;
}

const char *
moisson_insee_get_region_name (const char *region_code)
{
  if (region_code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (strcmp (regions[i].code, region_code) == 0)
      return regions[i].name;
  return NULL;
}

gboolean
moisson_insee_is_departement_code (const char *code)
{
  return find_departement (code) != NULL;
}

/* Tolerant in what it reads: "1", "01", " 01 ", "FR-01", "2a", "971" give
 * "01", "01", "01", "01", "2A", "971". Anything else is returned trimmed and
 * upper-cased, so callers can report it as it was meant. */
char *
moisson_insee_normalize_code (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return moisson_insee_normalize_code_take (g_strdup (text));
}

/**
 * moisson_insee_normalize_code_take:
 * @text: (transfer full): what to read
 *
 * As moisson_insee_normalize_code (), in @text itself where it can: a file
 * of communes reads 35,000 codes.
 *
 * Returns: (transfer full): the code
 */
char *
moisson_insee_normalize_code_take (char *text)
{
  char *p;

  g_return_val_if_fail (text != NULL, NULL);

  for (p = text; *p != '\0'; p++)
    *p = g_ascii_toupper (*p);
  g_strstrip (text);
  p = text;
  if (g_str_has_prefix (p, "FR-"))
    p += 3;

  if (p[0] != '\0' && p[1] == '\0' && g_ascii_isdigit (p[0]))
    {
      char *code = g_strdup_printf ("0%c", p[0]);

      g_free (text);
      return code;
    }

  memmove (text, p, strlen (p) + 1);
  return text;
}
