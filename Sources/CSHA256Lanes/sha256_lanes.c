// SHA-256 compression (FIPS 180-4 §6.2.2) for several streams at once; see sha256_lanes.h.
#include "sha256_lanes.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define MUSICATLAS_X86 1
#endif

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// MARK: SHA extensions

#ifdef MUSICATLAS_X86
#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

int musicatlas_sha256_has_extensions(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ssse3 && sse41 && ((b >> 29) & 1);
}

// The extensions keep the state as two vectors, ABEF and CDGH (Intel, "Intel SHA Extensions",
// 2013); the message words are big-endian.
SHA_TARGET static inline void load_state(const uint32_t *s, __m128i *abef, __m128i *cdgh) {
    __m128i abcd = _mm_loadu_si128((const __m128i *)s), efgh = _mm_loadu_si128((const __m128i *)(s + 4));
    __m128i cdab = _mm_shuffle_epi32(abcd, 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    *abef = _mm_alignr_epi8(cdab, hgfe, 8);
    *cdgh = _mm_blend_epi16(hgfe, cdab, 0xF0);
}

SHA_TARGET static inline void store_state(uint32_t *s, __m128i abef, __m128i cdgh) {
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)s, _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)(s + 4), _mm_alignr_epi8(dchg, feba, 8));
}

// `LANES` streams advanced by `blocks` blocks each, their rounds interleaved. W[4i..4i+3] for
// i ≥ 4 is msg2(msg1(W[i-4], W[i-3]) + W[4i-7..4i-4], W[i-1]), the last term an alignr of the two
// previous vectors; the four vectors in flight rotate through w[lane][i % 4].
#define DEFINE_LANES(NAME, LANES)                                                                          \
    SHA_TARGET static void NAME(uint32_t *const *states, const uint8_t *const *data, size_t blocks) {      \
        const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);             \
        __m128i abef[LANES], cdgh[LANES];                                                                  \
        const uint8_t *p[LANES];                                                                           \
        for (int j = 0; j < LANES; j++) { load_state(states[j], &abef[j], &cdgh[j]); p[j] = data[j]; }     \
        while (blocks--) {                                                                                 \
            __m128i saved_abef[LANES], saved_cdgh[LANES], w[LANES][4];                                     \
            for (int j = 0; j < LANES; j++) {                                                              \
                saved_abef[j] = abef[j]; saved_cdgh[j] = cdgh[j];                                          \
                for (int i = 0; i < 4; i++)                                                                \
                    w[j][i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p[j] + 16 * i)), byteswap); \
            }                                                                                              \
            _Pragma("unroll") for (int i = 0; i < 16; i++) {                                               \
                __m128i k = _mm_loadu_si128((const __m128i *)(round_constants + 4 * i));                   \
                _Pragma("unroll") for (int j = 0; j < LANES; j++) {                                        \
                    __m128i wi;                                                                            \
                    if (i < 4) {                                                                           \
                        wi = w[j][i];                                                                      \
                    } else {                                                                               \
                        __m128i partial = _mm_sha256msg1_epu32(w[j][i & 3], w[j][(i + 1) & 3]);            \
                        partial = _mm_add_epi32(partial, _mm_alignr_epi8(w[j][(i + 3) & 3], w[j][(i + 2) & 3], 4)); \
                        wi = _mm_sha256msg2_epu32(partial, w[j][(i + 3) & 3]);                             \
                        w[j][i & 3] = wi;                                                                  \
                    }                                                                                      \
                    __m128i m = _mm_add_epi32(wi, k);                                                      \
                    cdgh[j] = _mm_sha256rnds2_epu32(cdgh[j], abef[j], m);                                  \
                    abef[j] = _mm_sha256rnds2_epu32(abef[j], cdgh[j], _mm_shuffle_epi32(m, 0x0E));         \
                }                                                                                          \
            }                                                                                              \
            for (int j = 0; j < LANES; j++) {                                                              \
                abef[j] = _mm_add_epi32(abef[j], saved_abef[j]);                                           \
                cdgh[j] = _mm_add_epi32(cdgh[j], saved_cdgh[j]);                                           \
                p[j] += 64;                                                                                \
            }                                                                                              \
        }                                                                                                  \
        for (int j = 0; j < LANES; j++) store_state(states[j], abef[j], cdgh[j]);                         \
    }

DEFINE_LANES(compress_lanes1, 1)
DEFINE_LANES(compress_lanes2, 2)
DEFINE_LANES(compress_lanes3, 3)
DEFINE_LANES(compress_lanes4, 4)

static void compress_lanes(int lanes, uint32_t *const *states, const uint8_t *const *data, size_t blocks) {
    switch (lanes) {
    case 1: compress_lanes1(states, data, blocks); break;
    case 2: compress_lanes2(states, data, blocks); break;
    case 3: compress_lanes3(states, data, blocks); break;
    default: compress_lanes4(states, data, blocks); break;
    }
}
#else
int musicatlas_sha256_has_extensions(void) { return 0; }
#endif

// MARK: Jobs

void musicatlas_sha256_compress_jobs(musicatlas_sha256_job *jobs, size_t count) {
#ifdef MUSICATLAS_X86
    {
        enum { lanes_max = 4 };
        // Each lane holds the job it is on and how far it has got.
        size_t lane_job[lanes_max], next = 0;
        size_t done[lanes_max];
        int lanes = 0;
        for (;;) {
            // Fill empty lanes with the next jobs that have blocks.
            while (lanes < lanes_max && next < count) {
                if (jobs[next].blocks > 0) { lane_job[lanes] = next; done[lanes] = 0; lanes++; }
                next++;
            }
            if (lanes == 0) return;
            size_t step = (size_t)-1;
            for (int j = 0; j < lanes; j++) {
                size_t left = jobs[lane_job[j]].blocks - done[j];
                if (left < step) step = left;
            }
            uint32_t *states[lanes_max];
            const uint8_t *data[lanes_max];
            for (int j = 0; j < lanes; j++) {
                states[j] = jobs[lane_job[j]].state;
                data[j] = jobs[lane_job[j]].data + 64 * done[j];
            }
            compress_lanes(lanes, states, data, step);
            // Drop finished lanes, keeping the others in order.
            int kept = 0;
            for (int j = 0; j < lanes; j++) {
                done[j] += step;
                if (done[j] < jobs[lane_job[j]].blocks) { lane_job[kept] = lane_job[j]; done[kept] = done[j]; kept++; }
            }
            lanes = kept;
        }
    }
#else
    (void)jobs;
    (void)count;
    __builtin_trap();
#endif
}
