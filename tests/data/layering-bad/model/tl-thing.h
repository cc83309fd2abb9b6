/* fixture */
#include "tl-types.h"
