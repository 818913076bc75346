// SHA-256's compression function over several independent streams at once.
//
// One SHA-256 stream is a chain: each block waits for the previous block's state, so a core
// running one stream with the x86 SHA extensions idles between dependent instructions
// (1.85 GB/s here). Interleaving the rounds of up to four streams fills those gaps (3.4 GB/s
// for four). The dataset export hashes three streams per window (the stored file, the row as
// written, the shard), so it always has independent streams to interleave.
//
// Only whole 64-byte blocks are handled here; padding, partial blocks and the digest are the
// caller's (ResearchDataset's `SHA256Streams`).
#ifndef MUSICATLAS_SHA256_LANES_H
#define MUSICATLAS_SHA256_LANES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One stream's part of a `musicatlas_sha256_compress_jobs` call: its eight state words
/// (updated in place), and `blocks` whole 64-byte blocks at `data`.
typedef struct musicatlas_sha256_job {
    uint32_t *state;
    const uint8_t *data;
    size_t blocks;
} musicatlas_sha256_job;

/// 1 when this CPU has the SHA extensions (and SSSE3 and SSE4.1, which their use needs).
int musicatlas_sha256_has_extensions(void);

/// Compresses every job's blocks into its state. Jobs run four at a time in lockstep (a job that
/// ends is replaced by the next one, in order), so long jobs belong first. Only for a CPU where
/// `musicatlas_sha256_has_extensions()` is 1 (it traps elsewhere: callers fall back to another
/// SHA-256, as ResearchDataset's `SHA256Streams` does).
void musicatlas_sha256_compress_jobs(musicatlas_sha256_job *jobs, size_t count);

#ifdef __cplusplus
}
#endif

#endif
