/* fixture */
#include "tl-thing.h"
