/* fixture: GDAL in the model, an include up, a missing header, a loop */
#include "config.h"
#include <ogr_api.h>
#include "tl-reader.h"
#include "tl-missing.h"
#include "tl-other.h"
#include "tl-shape.h"
#include "tl-thing.h"
