/* moisson-command-line.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-core.h"

G_BEGIN_DECLS

/* What the command line says, for the commands that run without a window
 * (--export, --export-png, --check-feed, --version) and for the window. */
typedef struct
{
  char *boundaries;
  char *feed;
  char *view;
  char *code_field;
  char *name_field;
  char *region_field;
  /* Which members of the feed hold what, when their names do not say it. */
  char *title_field;
  char *departement_field;
  char *lat_field;
  char *lon_field;
  char *schema;             /* the Table Schema of a CSV feed */
  /* Given on the command line: they win over the preferences for this run. */
  gboolean boundaries_given;
  gboolean feed_given;
} MoissonCommandLine;

/* moisson_command_line_run() returns it when no command was given. */
#define MOISSON_COMMAND_LINE_WANTS_WINDOW (-1)

void                    moisson_command_line_add_options        (GApplication             *application);
int                     moisson_command_line_run                (MoissonCommandLine       *self,
                                                                 GVariantDict             *options);
MoissonShapefileOptions moisson_command_line_shapefile_options  (const MoissonCommandLine *self);
void                    moisson_command_line_clear              (MoissonCommandLine       *self);

G_END_DECLS
