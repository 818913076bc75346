// zlib: MelSpectrogram deflates its PNG windows itself (libpng's simplified writer cannot choose
// the zlib strategy, and run-length deflate is 2.5x faster on spectrograms and no larger).
#include <zlib.h>

// deflateInit2 is a macro; Swift cannot call it.
static inline int czlib_deflate_init(z_stream *stream, int level, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, 15, 8, strategy);
}
