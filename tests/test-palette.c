/* test-palette.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "moisson-core.h"

/* The map's text stays readable in both palettes: WCAG contrast ratios of
 * at least 4.5:1 for text (legend, codes, count badges), 3:1 for the
 * shapes and frames that carry meaning. The counts are printed in badges,
 * so colour is never the only carrier of a number. */

static double
channel (guint32 rgb,
         int     shift)
{
  double c = ((rgb >> shift) & 0xff) / 255.0;

  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (guint32 rgb)
{
  return 0.2126 * channel (rgb, 16) + 0.7152 * channel (rgb, 8) + 0.0722 * channel (rgb, 0);
}

static double
contrast (guint32 a,
          guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The legend box is drawn at 88 % over the sea. */
static guint32
over (guint32 top,
      guint32 bottom,
      double  alpha)
{
  guint32 out = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    out |= (guint32) lround (((top >> shift) & 0xff) * alpha + ((bottom >> shift) & 0xff) * (1 - alpha)) << shift;
  return out;
}

static void
check (const char *what,
       gboolean    dark,
       guint32     a,
       guint32     b,
       double      minimum)
{
  double ratio = contrast (a, b);

  if (ratio < minimum)
    g_error ("%s (%s): #%06x on #%06x has a contrast of %.2f, below %.1f",
             what, dark ? "dark" : "light", a, b, ratio, minimum);
}

static void
test_contrast (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      const MoissonMapPalette *p = moisson_map_palette_get (dark);
      guint32 legend = over (p->legend_background, p->sea, 0.88);

      check ("legend text", dark, p->label, legend, 4.5);
      check ("count badge", dark, p->label_halo, p->badge, 4.5);
      check ("département codes", dark, p->label, p->land, 4.5);
      check ("code halo", dark, p->label, p->label_halo, 4.5);
      check ("inset frames", dark, p->inset_frame, p->sea, 1.5);
      check ("land against the sea", dark, p->land, p->sea, 1.1);
      check ("the most initiatives against no initiative", dark, p->counts[4], p->land, 3.0);
      /* Each class of the scale reads apart from the next. */
      for (guint i = 0; i + 1 < G_N_ELEMENTS (p->counts); i++)
        check ("neighbouring classes of the scale", dark, p->counts[i], p->counts[i + 1], 1.15);
    }
}

/* The check itself fails on a poor pair. */
static void
test_contrast_check (void)
{
  g_assert_cmpfloat_with_epsilon (contrast (0x000000, 0xffffff), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (contrast (0x777777, 0x777777), 1.0, 1e-9);
  g_assert_cmpfloat (contrast (0x767676, 0xffffff), >=, 4.5);
  g_assert_cmpfloat (contrast (0x888888, 0xffffff), <, 4.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/palette/contrast", test_contrast);
  g_test_add_func ("/palette/contrast-check", test_contrast_check);
  return g_test_run ();
}
