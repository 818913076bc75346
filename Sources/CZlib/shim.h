// zlib: MelSpectrogram's PNG windows take their CRC-32 and Adler-32 from it (the deflate
// stream itself is written by MelSpectrogram's HuffmanDeflate), and libpng reads them back.
#include <zlib.h>
