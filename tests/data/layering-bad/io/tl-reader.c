/* fixture: io includes render, across */
#include "tl-painter.h"
#include "tl-reader.h"
#include "tl-thing.h"
