// libpng's "simplified" API (png_image_*): it reports errors through return values instead of
// longjmp, which Swift cannot survive. MelSpectrogram wraps it in `GrayImage`.
#include <png.h>
