/* tl-window-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-layers-panel.h"
#include "tl-recovery.h"
#include "tl-map-view.h"
#include "tl-opener.h"
#include "tl-place-search.h"
#include "tl-pg-project.h"
#include "tl-pg-watch.h"
#include "tl-side-panel.h"
#include "tl-timeline.h"
#include "tl-window.h"

G_BEGIN_DECLS

struct _TlWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkWidget            *narrow_title;
  GtkLabel             *narrow_title_label;
  GtkLabel             *narrow_subtitle_label;
  GtkMenuButton        *layers_button;
  TlLayersPanel        *layers_panel;
  GtkToggleButton      *sidebar_button;
  GtkProgressBar       *progress_bar;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwFlap              *flap;
  TlMapView            *map_view;
  GtkLabel             *pointer_label;
  GtkLabel             *measure_label;
  TlPlaceSearch        *place_search;
  TlSidePanel          *side_panel;
  GMenu                *recent_menu;
  GtkBox               *tools_box;
  GtkRevealer          *bottom_bar;
  GtkBox               *bottom_tools_box;
  TlTimeline           *timeline;

  /* State */
  GSettings            *settings;
  TlDocument           *document;
  GCancellable         *cancellable;
  guint                 pulse_source;
  guint                 loading;
  gboolean              view_restored;
  char                 *last_message;
  char                 *last_folder;

  /* The project: where it is saved, and its crash recovery file */
  char                 *project_path;
  TlRecovery           *recovery;
  gboolean              close_confirmed;
  gboolean              saving;
  /* What a save waits for while its conflicts are settled (closing) */
  void                (*after_conflicts) (TlWindow *self);

  /* Dated series (tl-window-series.c) */
  guint                 compare_idle;
  GCancellable         *compare_cancellable;
  GPtrArray            *changes;
  gpointer              change_shown;
  GCancellable         *split_cancellable;

  /* A project on a server (tl-window-server.c) */
  TlPgProject          *server;
  TlPgWatch            *watch;
  GCancellable         *server_cancellable;
  gboolean              fetching;
  gboolean              fetch_again;
};

void _tl_window_actions_class_init (TlWindowClass *klass);
void _tl_window_actions_init   (TlWindow *self);
void _tl_window_actions_update (TlWindow *self);
void _tl_window_update_recent  (TlWindow *self);
void _tl_window_add_recent     (TlWindow   *self,
                                const char *path);
void _tl_window_begin_loading  (TlWindow   *self);
void _tl_window_end_loading    (TlWindow   *self);
void _tl_window_report_problems (TlWindow  *self,
                                 GPtrArray *problems);
void _tl_window_update_title   (TlWindow   *self);
void _tl_window_restore_view_once (TlWindow *self);
void _tl_window_remember_folder (TlWindow   *self,
                                 const char *path);
void _tl_window_set_save_folder (TlWindow       *self,
                                 GtkFileChooser *chooser);
void _tl_window_add_filter     (GtkFileChooser *chooser,
                                const char     *name,
                                const char     *first_pattern,
                                ...) G_GNUC_NULL_TERMINATED;

void     _tl_window_tools_class_init      (TlWindowClass *klass);
void     _tl_window_tools_init            (TlWindow      *self);
void     _tl_window_tools_update          (TlWindow      *self);

void     _tl_window_zones_class_init      (TlWindowClass *klass);

void     _tl_window_project_class_init    (TlWindowClass *klass);
void     _tl_window_project_init          (TlWindow      *self);
void     _tl_window_project_dispose       (TlWindow      *self);
void     _tl_window_project_update        (TlWindow      *self);
gboolean _tl_window_project_close_request (TlWindow      *self);
void     _tl_window_open                  (TlWindow      *self,
                                           TlOpener      *opener,
                                           gboolean       remember);

void     _tl_window_series_class_init     (TlWindowClass *klass);
void     _tl_window_series_init           (TlWindow      *self);
void     _tl_window_series_dispose        (TlWindow      *self);
void     _tl_window_series_update         (TlWindow      *self);
gboolean _tl_window_series_get_compare    (TlWindow      *self,
                                           TlDay         *first,
                                           TlDay         *second);

void     _tl_window_project_saved         (TlWindow      *self,
                                           const char    *path);

void     _tl_window_server_class_init     (TlWindowClass *klass);
void     _tl_window_server_dispose        (TlWindow      *self);
void     _tl_window_server_update         (TlWindow      *self);
void     _tl_window_server_take           (TlWindow      *self,
                                           TlPgProject   *server);
void     _tl_window_server_fetch_pending  (TlWindow      *self);
gboolean _tl_window_server_get_listening  (TlWindow      *self);
void     _tl_window_server_show_conflicts (TlWindow      *self,
                                           GPtrArray     *conflicts,
                                           void         (*again) (TlWindow *self));

G_END_DECLS
