/* moisson-differences.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-differences.h"

#include <glib/gi18n-lib.h>

/* Two versions of one contribution, from two laptops: the person choosing
 * sees every member they differ on, who wrote each included, so that no
 * change is thrown away unseen. */

void
moisson_difference_free (MoissonDifference *difference)
{
  if (difference == NULL)
    return;
  g_free (difference->first);
  g_free (difference->second);
  g_free (difference);
}

static char *
joined (const char * const *values)
{
  return values != NULL ? g_strjoinv (", ", (char **) values) : g_strdup ("");
}

static char *
links_of (MoissonInitiative *initiative)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new ();

  for (guint i = 0; i < moisson_initiative_get_n_links (initiative); i++)
    g_ptr_array_add (urls, (gpointer) moisson_initiative_get_link (initiative, i)->url);
  g_ptr_array_add (urls, NULL);
  return joined ((const char * const *) urls->pdata);
}

/* The fields by their names in @feed, by their ids without it. */
static char *
fields_of (MoissonInitiative *initiative,
           MoissonFeed       *feed)
{
  const char * const *fields = moisson_initiative_get_fields (initiative);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const MoissonField *field = feed != NULL ? moisson_feed_lookup_field (feed, fields[i]) : NULL;

      g_ptr_array_add (names, (gpointer) (field != NULL && field->label != NULL ? field->label : fields[i]));
    }
  g_ptr_array_add (names, NULL);
  return joined ((const char * const *) names->pdata);
}

static char *
location_of (MoissonInitiative *initiative)
{
  double lon, lat;

  if (!moisson_initiative_get_location (initiative, &lon, &lat))
    return g_strdup ("");
  return g_strdup_printf ("%.5f, %.5f", lat, lon);
}

static char *
year_of (MoissonInitiative *initiative)
{
  int year = moisson_initiative_get_year (initiative);

  return year > 0 ? g_strdup_printf ("%d", year) : g_strdup ("");
}

static const char *
contribution_member (MoissonInitiative *initiative,
                     gboolean           author)
{
  const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

  if (contribution == NULL)
    return NULL;
  return author ? contribution->author : contribution->workshop;
}

static void
compare (GPtrArray  *differences,
         const char *member,
         char       *first,
         char       *second)
{
  MoissonDifference *difference;

  if (g_strcmp0 (first, second) == 0)
    {
      g_free (first);
      g_free (second);
      return;
    }
  difference = g_new0 (MoissonDifference, 1);
  difference->member = member;
  difference->first = first;
  difference->second = second;
  g_ptr_array_add (differences, difference);
}

static char *
text_or_empty (const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

/**
 * moisson_initiative_differences:
 * @feed: (nullable): names the fields
 * Returns: (transfer full) (element-type MoissonDifference): every member
 *   @first and @second differ on, in the order of the form
 */
GPtrArray *
moisson_initiative_differences (MoissonInitiative *first,
                                MoissonInitiative *second,
                                MoissonFeed       *feed)
{
  GPtrArray *differences = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_difference_free);

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (first), differences);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (second), differences);

#define TEXT(label, getter) \
  compare (differences, label, text_or_empty (getter (first)), text_or_empty (getter (second)))
#define LIST(label, getter) \
  compare (differences, label, joined (getter (first)), joined (getter (second)))

  TEXT (_("Title"), moisson_initiative_get_title);
  LIST (_("Départements"), moisson_initiative_get_departements);
  compare (differences, _("Fields"), fields_of (first, feed), fields_of (second, feed));
  compare (differences, _("Kind"), text_or_empty (moisson_kind_get_label (moisson_initiative_get_kind (first))),
           text_or_empty (moisson_kind_get_label (moisson_initiative_get_kind (second))));
  compare (differences, _("Status"), text_or_empty (moisson_status_get_label (moisson_initiative_get_status (first))),
           text_or_empty (moisson_status_get_label (moisson_initiative_get_status (second))));
  compare (differences, _("Year started"), year_of (first), year_of (second));
  TEXT (_("Summary"), moisson_initiative_get_summary);
  TEXT (_("Description"), moisson_initiative_get_description);
  LIST (_("Actors"), moisson_initiative_get_actors);
  LIST (_("Partners"), moisson_initiative_get_partners);
  TEXT (_("Contact"), moisson_initiative_get_contact);
  compare (differences, _("Links"), links_of (first), links_of (second));
  LIST (_("Tags"), moisson_initiative_get_tags);
  compare (differences, _("Location"), location_of (first), location_of (second));
  compare (differences, _("Added by"), text_or_empty (contribution_member (first, TRUE)),
           text_or_empty (contribution_member (second, TRUE)));
  compare (differences, _("Workshop"), text_or_empty (contribution_member (first, FALSE)),
           text_or_empty (contribution_member (second, FALSE)));

#undef TEXT
#undef LIST
  return differences;
}
