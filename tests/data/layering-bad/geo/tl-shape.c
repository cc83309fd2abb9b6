/* fixture: GTK in the core */
#include <gtk/gtk.h>
#include "tl-types.h"
