// libavformat / libavcodec / libswresample / libavutil. MelSpectrogram wraps them in `AudioDecoder`.
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <errno.h>

// Function-like macros do not import into Swift; these expose their values.
static inline int cffmpeg_error_eagain(void) { return AVERROR(EAGAIN); }
static inline int cffmpeg_error_eof(void) { return AVERROR_EOF; }
static inline int cffmpeg_error_invalid_data(void) { return AVERROR_INVALIDDATA; }
static inline int64_t cffmpeg_time_base(void) { return AV_TIME_BASE; }
