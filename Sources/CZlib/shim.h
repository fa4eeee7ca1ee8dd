// The system zlib (Debian: zlib1g-dev), for reading gzip-compressed access logs.
#include <zlib.h>
