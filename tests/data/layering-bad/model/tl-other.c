/* fixture: the other half of the loop */
#include "tl-other.h"
#include "tl-thing.h"
