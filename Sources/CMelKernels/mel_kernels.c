// See mel_kernels.h. Each kernel body is written once (KERNELS below) and instantiated for the
// baseline and for AVX2; the compiler vectorises the loops at each width.
#include "mel_kernels.h"

#include <math.h>
#include <string.h>

// The same bits as the Swift code these replace: no a·b + c may become one rounding.
#pragma clang fp contract(off)

#if defined(__x86_64__)
#define AVX2_TARGET __attribute__((target("avx2")))
#define HAVE_AVX2_BUILD 1
#else
#define HAVE_AVX2_BUILD 0
#endif

static const float log_coefficients[9] = {
    7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f, 1.4249322787e-1f,
    -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f,
};

static inline uint32_t float_bits(float x) {
    uint32_t bits;
    memcpy(&bits, &x, 4);
    return bits;
}

static inline float bits_float(uint32_t bits) {
    float x;
    memcpy(&x, &bits, 4);
    return x;
}

// ln(x) for positive, finite, normal x, exactly as VectorLog.ln does it lane by lane.
static inline float cephes_ln(float x) {
    uint32_t bits = float_bits(x);
    float exponent = (float)((int32_t)(bits >> 23) - 126);
    float m = bits_float((bits & 0x807FFFFFu) | 0x3F000000u);
    if (m < 0.707106781186547524f) {
        exponent = exponent - 1;
        m = m + m;
    }
    float f = m - 1;
    float z = f * f;
    float y = log_coefficients[0];
    for (int c = 1; c < 9; c++) y = y * f + log_coefficients[c];
    y = y * f * z;
    y = y + exponent * -2.12194440e-4f;
    y = y + z * -0.5f;
    return f + y + exponent * 0.693359375f;
}

#define KERNELS(SUFFIX, TARGET)                                                                             \
    TARGET static void window_frame_##SUFFIX(const float *restrict source, const float *restrict window,       \
                                              float *restrict out, size_t n) {                               \
        for (size_t j = 0; j < n; j++) out[j] = source[j] * window[j];                                      \
    }                                                                                                        \
    TARGET static void power_column_##SUFFIX(const float *restrict pairs, float *restrict power, size_t bins,  \
                                              size_t stride) {                                               \
        for (size_t k = 0; k < bins; k++) {                                                                  \
            float re = pairs[2 * k], im = pairs[2 * k + 1];                                                  \
            power[k * stride] = re * re + im * im;                                                           \
        }                                                                                                    \
    }                                                                                                        \
    TARGET static void mel_tile_##SUFFIX(const float *restrict power, float *restrict output, size_t bands,     \
                                          const int64_t *first_bin, const int64_t *offsets, const float *weights) { \
        enum { width = MUSICATLAS_MEL_TILE_WIDTH };                                                          \
        for (size_t band = 0; band < bands; band++) {                                                        \
            /* A whole tile row of sums at once: independent additions, not one chain per lane. */          \
            float sum[width] = {0};                                                                          \
            const float *row = power + (size_t)first_bin[band] * width;                                      \
            for (int64_t i = offsets[band]; i < offsets[band + 1]; i++, row += width) {                      \
                float w = weights[i];                                                                        \
                for (size_t f = 0; f < width; f++) sum[f] = sum[f] + w * row[f];                             \
            }                                                                                                \
            memcpy(output + band * width, sum, sizeof sum);                                                  \
        }                                                                                                    \
    }                                                                                                        \
    TARGET static size_t scaled_log_##SUFFIX(float *restrict values, size_t count, float floor, float scale,   \
                                              float *maximum) {                                              \
        float best[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY}; \
        size_t i = 0;                                                                                        \
        for (; i + 8 <= count; i += 8) {                                                                     \
            float x[8];                                                                                      \
            int finite = 1;                                                                                  \
            for (int lane = 0; lane < 8; lane++) {                                                           \
                float raw = values[i + lane];                                                                \
                x[lane] = raw < floor ? floor : raw;                                                         \
                finite &= x[lane] < INFINITY;                                                                \
            }                                                                                                \
            if (!finite) break;                                                                              \
            for (int lane = 0; lane < 8; lane++) {                                                           \
                float y = cephes_ln(x[lane]) * scale;                                                        \
                values[i + lane] = y;                                                                        \
                best[lane] = y > best[lane] ? y : best[lane];                                                \
            }                                                                                                \
        }                                                                                                    \
        float top = best[0];                                                                                 \
        for (int lane = 1; lane < 8; lane++) top = best[lane] > top ? best[lane] : top;                      \
        *maximum = top;                                                                                      \
        return i;                                                                                            \
    }                                                                                                        \
    TARGET static void decibel_shift_##SUFFIX(float *restrict values, size_t count, float reference, float floor) { \
        for (size_t i = 0; i < count; i++) {                                                                 \
            float v = values[i] - reference;                                                                 \
            values[i] = floor >= v ? floor : v;                                                              \
        }                                                                                                    \
    }

KERNELS(baseline, )
#if HAVE_AVX2_BUILD
KERNELS(avx2, AVX2_TARGET)
#endif

static int use_avx2 = 0;

__attribute__((constructor)) static void choose_kernels(void) {
#if HAVE_AVX2_BUILD
    __builtin_cpu_init();
    use_avx2 = __builtin_cpu_supports("avx2");
#endif
}

int musicatlas_mel_kernels_use_avx2(void) { return use_avx2; }

int musicatlas_mel_kernels_select(int avx2) {
    int previous = use_avx2;
#if HAVE_AVX2_BUILD
    use_avx2 = avx2 && __builtin_cpu_supports("avx2");
#else
    (void)avx2;
#endif
    return previous;
}

#if HAVE_AVX2_BUILD
#define DISPATCH(NAME, ...) (use_avx2 ? NAME##_avx2(__VA_ARGS__) : NAME##_baseline(__VA_ARGS__))
#else
#define DISPATCH(NAME, ...) NAME##_baseline(__VA_ARGS__)
#endif

void musicatlas_window_frame(const float *source, const float *window, float *out, size_t n) {
    DISPATCH(window_frame, source, window, out, n);
}

void musicatlas_power_column(const float *complex_pairs, float *power, size_t bins, size_t stride) {
    DISPATCH(power_column, complex_pairs, power, bins, stride);
}

void musicatlas_mel_tile(const float *power, float *output, size_t bands, const int64_t *first_bin, const int64_t *offsets,
                         const float *weights) {
    DISPATCH(mel_tile, power, output, bands, first_bin, offsets, weights);
}

size_t musicatlas_scaled_log(float *values, size_t count, float floor, float scale, float *maximum) {
    return DISPATCH(scaled_log, values, count, floor, scale, maximum);
}

void musicatlas_decibel_shift(float *values, size_t count, float reference, float floor) {
    DISPATCH(decibel_shift, values, count, reference, floor);
}
