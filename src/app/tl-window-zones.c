/* tl-window-zones.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-footprint.h"
#include "tl-layer.h"
#include "tl-window-private.h"
#include "tl-zone-builder.h"

/* Zones from the map, exactly: "win.zone-from-territory" builds a zone
 * from a territory and the control layer shown (tl-zone-builder.c) and
 * adds it as one undoable edit, selected, so that its panel shows what
 * it means on the ground.  Its target is (territory, what), what being
 * "whole", "outside", "class:NAME", "buffer" (asking how many km) or
 * "buffer:KM".
 */

#define DEFAULT_BUFFER_KM 5.0

static void
add_zone (TlWindow   *self,
          const char *territory,
          const char *what,
          double      km)
{
  g_autoptr(TlAnnotation) zone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TlLayer *territories = tl_footprint_find_territories (self->document);
  int index = territories != NULL ? tl_zone_find_territory (territories, territory) : -1;

  if (index < 0)
    {
      text = g_strdup_printf (_("“%s” is not a territory of the map"), territory);
      tl_window_show_toast (self, text);
      return;
    }

  if (g_str_equal (what, "whole"))
    zone = tl_zone_build (self->document, territories, index, TL_ZONE_WHOLE_TERRITORY, NULL, &error);
  else if (g_str_equal (what, "outside"))
    zone = tl_zone_build (self->document, territories, index, TL_ZONE_OUTSIDE_CONTROL, NULL, &error);
  else if (g_str_has_prefix (what, "class:"))
    zone = tl_zone_build (self->document, territories, index, TL_ZONE_UNDER_CLASS,
                          what + strlen ("class:"), &error);
  else if (g_str_has_prefix (what, "buffer"))
    zone = tl_zone_build_contact_buffer (self->document, territories, index, km, &error);
  else
    g_return_if_reached ();

  if (zone == NULL)
    {
      text = g_strdup_printf (_("No zone was made: %s"), error->message);
      tl_window_show_toast (self, text);
      return;
    }

  tl_document_begin_edit (self->document);
  tl_document_add_annotation (self->document, zone);
  tl_document_end_edit (self->document, _("Add Zone from the Map"));
  tl_map_view_select_annotation (self->map_view, zone);

  text = g_strdup_printf (_("Added the zone “%s”"), tl_annotation_get_name (zone));
  tl_window_show_toast (self, text);
}

typedef struct
{
  TlWindow  *window;
  char      *territory;
  GtkWidget *spin;
} BufferQuestion;

static void
buffer_question_free (BufferQuestion *q)
{
  g_object_unref (q->window);
  g_free (q->territory);
  g_free (q);
}

static void
buffer_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BufferQuestion   *q)
{
  if (g_str_equal (response, "build"))
    add_zone (q->window, q->territory, "buffer",
              gtk_spin_button_get_value (GTK_SPIN_BUTTON (q->spin)));
}

static void
ask_buffer (TlWindow   *self,
            const char *territory)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Zone along the Line of Contact"),
                                              _("A demilitarised strip inside the territory, along "
                                                "the boundary of the control layer shown, as far on "
                                                "either side as you say."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Kilometres either side"));
  BufferQuestion *q = g_new0 (BufferQuestion, 1);

  q->window = g_object_ref (self);
  q->territory = g_strdup (territory);
  q->spin = gtk_spin_button_new_with_range (0.5, 100, 0.5);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (q->spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (q->spin), DEFAULT_BUFFER_KM);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), q->spin);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), q->spin);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "build", _("_Add Zone"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "build",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "build");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (buffer_response_cb), q,
                         (GClosureNotify) buffer_question_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
zone_from_territory_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  const char *territory, *what;

  g_variant_get (parameter, "(&s&s)", &territory, &what);

  if (g_str_equal (what, "buffer"))
    ask_buffer (self, territory);
  else if (g_str_has_prefix (what, "buffer:"))
    add_zone (self, territory, what, g_ascii_strtod (what + strlen ("buffer:"), NULL));
  else if (g_str_equal (what, "whole") || g_str_equal (what, "outside") || g_str_has_prefix (what, "class:"))
    add_zone (self, territory, what, 0);
  else
    g_warning ("Unknown kind of zone from a territory: %s", what);
}

void
_tl_window_zones_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.zone-from-territory", "(ss)",
                                   zone_from_territory_action);
}
