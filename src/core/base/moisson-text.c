/* moisson-text.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-text.h"

#include <string.h>

/* Here rather than in the filter: the atlas and the contributions fold
 * names too, and neither should depend on the filter. */

/**
 * moisson_fold_for_search:
 *
 * "Côte-d'Or" → "cote d or", "Œuvre" → "oeuvre": accents, ligatures, case and
 * punctuation folded, so that what people type finds what feeds write.
 *
 * Returns: (transfer full): the folded text
 */
char *
moisson_fold_for_search (const char *text)
{
  g_autofree char *ascii = NULL;
  GString *folded;
  gboolean space = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  /* g_str_to_ascii() reads past the end of broken UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      return moisson_fold_for_search (valid);
    }
  ascii = g_str_to_ascii (text, "C");
  folded = g_string_sized_new (strlen (ascii));
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (folded, g_ascii_tolower (*p));
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (folded, ' ');
          space = TRUE;
        }
    }
  if (folded->len > 0 && folded->str[folded->len - 1] == ' ')
    g_string_truncate (folded, folded->len - 1);

  return g_string_free (folded, FALSE);
}
