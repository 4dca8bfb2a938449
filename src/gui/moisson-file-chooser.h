/* moisson-file-chooser.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file dialogs of the app, each modal on its window (GTK 4.8 has no
 * GtkFileDialog yet). */

/* Called when the user accepted; @chooser lives until it returns. */
typedef void (*MoissonFileChosenFunc) (GObject        *owner,
                                       GtkFileChooser *chooser,
                                       gpointer        data);

GtkFileChooserNative *moisson_file_chooser_new        (GtkWindow             *parent,
                                                       const char            *title,
                                                       gboolean               saving,
                                                       const char            *accept_label,
                                                       const char            *current_name);
GtkFileFilter        *moisson_file_chooser_add_filter (GtkFileChooserNative  *chooser,
                                                       const char            *name,
                                                       const char * const    *suffixes);
void                  moisson_file_chooser_show       (GtkFileChooserNative  *chooser,
                                                       GObject               *owner,
                                                       MoissonFileChosenFunc  chosen,
                                                       gpointer               data);
char                 *moisson_file_chooser_dup_path   (GtkFileChooser        *chooser);

G_END_DECLS
