// MelSpectrogram's inner loops, compiled twice: for the x86-64 baseline (SSE2) and for AVX2,
// chosen once at load time by what the CPU has.
//
// Why C: Swift has no per-function target attributes, and a module built for AVX2 would not run
// on a CPU without it; built for the baseline, these loops were 18 % slower (a 180 s song's dB
// mel: 10.0 against 8.2 ms). Every kernel does exactly the Float32 operations of the Swift code
// it replaced, in the same order, and contracts nothing into fused multiply-adds, so both builds
// give the same bits on every machine.
#ifndef MUSICATLAS_MEL_KERNELS_H
#define MUSICATLAS_MEL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the AVX2 build of the kernels is in use.
int musicatlas_mel_kernels_use_avx2(void);

/// Uses the AVX2 build (if the CPU has AVX2) or the baseline one from now on; returns whether
/// AVX2 was in use. For tests that compare the two; not safe while kernels run on other threads.
int musicatlas_mel_kernels_select(int avx2);

/// `out[j] = source[j] · window[j]` for `j < n`.
void musicatlas_window_frame(const float *source, const float *window, float *out, size_t n);

/// `power[k · stride] = re² + im²` of each of `bins` interleaved complex values.
void musicatlas_power_column(const float *complex_pairs, float *power, size_t bins, size_t stride);

/// Frames per tile of `musicatlas_mel_tile`.
#define MUSICATLAS_MEL_TILE_WIDTH 64

/// The mel projection of one tile: `power` holds `bins` rows of `MUSICATLAS_MEL_TILE_WIDTH`
/// frames, `output` receives `bands` rows of as many frames. Band `b` sums, in ascending bin
/// order, `weights[i] · power[(first_bin[b] + i − offsets[b]) · width + frame]` for
/// `offsets[b] ≤ i < offsets[b + 1]`, starting from 0.
void musicatlas_mel_tile(const float *power, float *output, size_t bands, const int64_t *first_bin, const int64_t *offsets,
                         const float *weights);

/// Replaces `values[i]` by `scale · ln(max(values[i], floor))`, eight at a time (the Cephes
/// scheme of MelSpectrogram's `VectorLog`), stopping before the first group of eight that holds a
/// value that is not finite. Returns how many values were replaced (a multiple of 8) and stores
/// the largest result in `*maximum` (−∞ if none).
size_t musicatlas_scaled_log(float *values, size_t count, float floor, float scale, float *maximum);

/// `values[i] = max(values[i] − reference, floor)`, as Swift's `max` (the floor when it is ≥ the
/// difference, else the difference).
void musicatlas_decibel_shift(float *values, size_t count, float reference, float floor);

#ifdef __cplusplus
}
#endif

#endif
