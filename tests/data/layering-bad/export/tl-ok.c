/* fixture: a good file: everything it includes is below it */
#include "tl-painter.h"
#include "tl-reader.h"
#include "tl-shape.h"
#include "tl-types.h"
