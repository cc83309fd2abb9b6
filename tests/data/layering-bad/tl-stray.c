/* fixture: a file outside every folder */
#include "tl-types.h"
