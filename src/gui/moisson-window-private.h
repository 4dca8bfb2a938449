/* moisson-window-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"
#include "moisson-file-chooser.h"
#include "moisson-map-view.h"
#include "moisson-side-panel.h"
#include "moisson-window.h"

G_BEGIN_DECLS

/* The window is split by concern: one file each for the boundaries, the
 * feed, views, contributions and exports; each installs its actions and
 * follows the session for its part. */

enum {
  COMPLETION_COLUMN_LABEL,
  COMPLETION_COLUMN_CODE,
  N_COMPLETION_COLUMNS
};

struct _MoissonWindow
{
  AdwApplicationWindow parent_instance;

  /* What the window shows, and asks to change. */
  MoissonSession *session;
  /* The session's, borrowed. */
  MoissonInitiativeStore *store;
  MoissonContributionStore *contributions;
  MoissonHistory *history;
  GSettings *settings;        /* NULL when the schema is not installed */
  guint progress_timeout;

  AdwToastOverlay *toast_overlay;
  GtkEntry *go_to_entry;
  MoissonMapView *map_view;
  MoissonSidePanel *side_panel;
  GtkSpinner *spinner;
  GtkListStore *completion_model;
  MoissonAtlas *completion_atlas;   /* while the model fills */
  guint completion_next;
  guint completion_source;
  GtkRevealer *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkProgressBar *boundaries_progress;
  GtkRevealer *offline_revealer;
  GtkLabel *offline_label;
  GtkWidget *problems_button;
  AdwButtonContent *problems_content;
  GtkLabel *problems_title;
  GtkListBox *problems_list;
  GtkRevealer *save_error_revealer;
  GtkLabel *save_error_label;
  GtkRevealer *workshop_revealer;
  GtkEntry *workshop_entry;
  GtkMenuButton *session_button;
  GtkListBox *session_list;
  gboolean workshop_mode;
  char *text_at_focus;     /* of the entry with the focus, as it was when it got it */
};

/* moisson-window-boundaries.c */
void _moisson_window_class_init_boundaries    (GtkWidgetClass *widget_class);
void _moisson_window_init_boundaries          (MoissonWindow  *self);

/* moisson-window-feed.c */
void _moisson_window_class_init_feed          (GtkWidgetClass *widget_class);
void _moisson_window_init_feed                (MoissonWindow  *self);

/* moisson-window-view.c */
void _moisson_window_class_init_view          (GtkWidgetClass *widget_class);

/* moisson-window-contributions.c */
void _moisson_window_class_init_contributions (GtkWidgetClass *widget_class);
void _moisson_window_init_contributions       (MoissonWindow  *self);

/* moisson-window-sources.c: opening files through the import assistant. */
void _moisson_window_choose_file              (MoissonWindow  *self,
                                               gboolean        add);
void _moisson_window_ask_location             (MoissonWindow  *self,
                                               gboolean        add);
MoissonFeedMapping *_moisson_window_dup_mapping (MoissonWindow *self,
                                               const char     *location);

/* moisson-window-similar.c: « Semblables ailleurs », opening an
 * initiative by its id, the directory of teams. */
void _moisson_window_class_init_similar       (GtkWidgetClass *widget_class);
void _moisson_window_init_similar             (MoissonWindow  *self);
/* moisson-window-dnd.c */
void _moisson_window_init_dnd                 (MoissonWindow  *self);

/* moisson-window-export.c: the export and print actions. */
void _moisson_window_install_export_actions   (GtkWidgetClass *widget_class);

void _moisson_window_show_toast               (MoissonWindow  *self,
                                               const char     *text);
void _moisson_window_show_error               (MoissonWindow  *self,
                                               const char     *heading,
                                               const char     *body);

G_END_DECLS
