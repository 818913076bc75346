internal import CFFTW
internal import CMelKernels
import Foundation
import Synchronization

/// A single-precision FFTW real-to-complex plan of one size, made once and shared.
///
/// FFTW's planner is not thread-safe, so plan creation is serialised behind one process-wide
/// lock; executing a plan on caller-owned arrays (`fftwf_execute_dft_r2c`) is thread-safe, which
/// is what lets many songs render at once. Plans use `FFTW_ESTIMATE` so that results are
/// deterministic run to run (a measured plan may pick a different algorithm, and so different
/// last bits, on every start).
///
/// `@unchecked Sendable`: the plan is an FFTW pointer that is immutable after creation, and
/// executing it concurrently on separate buffers is what FFTW documents as thread-safe.
final class FFTPlan: @unchecked Sendable {
    /// Transform length in real samples.
    let size: Int
    private let plan: fftwf_plan

    /// Plans by size; the lock also serialises FFTW's planner.
    private static let cache = Mutex<[Int: FFTPlan]>([:])

    /// The shared plan for `size`, created on first use.
    static func realForward(size: Int) -> FFTPlan {
        cache.withLock { plans in
            if let plan = plans[size] { return plan }
            let plan = FFTPlan(size: size)
            plans[size] = plan
            return plan
        }
    }

    private init(size: Int) {
        self.size = size
        let input = FFTBuffers(size: size)
        plan = fftwf_plan_dft_r2c_1d(Int32(size), input.real, input.complex, UInt32(FFTW_ESTIMATE))
    }

    /// Transforms `buffers.real` into `buffers.complex` (`size / 2 + 1` bins, unnormalised).
    func execute(_ buffers: FFTBuffers) {
        precondition(buffers.size == size, "FFT buffers of size \(buffers.size) used with a plan of size \(size)")
        fftwf_execute_dft_r2c(plan, buffers.real, buffers.complex)
    }
}

/// SIMD-aligned input and output arrays for one thread's transforms (`fftwf_malloc`, so they have
/// the alignment the shared plan was made with).
final class FFTBuffers {
    let size: Int
    let real: UnsafeMutablePointer<Float>
    let complex: UnsafeMutablePointer<fftwf_complex>

    init(size: Int) {
        self.size = size
        real = fftwf_malloc(MemoryLayout<Float>.stride * size)!.bindMemory(to: Float.self, capacity: size)
        complex = fftwf_malloc(MemoryLayout<fftwf_complex>.stride * (size / 2 + 1))!
            .bindMemory(to: fftwf_complex.self, capacity: size / 2 + 1)
        real.initialize(repeating: 0, count: size)
        complex.initialize(repeating: (0, 0), count: size / 2 + 1)
    }

    deinit {
        fftwf_free(real)
        fftwf_free(complex)
    }

    /// Writes `|X[k]|²` for every bin `k` to `power[k · stride]`.
    @inline(__always)
    func power(into power: UnsafeMutablePointer<Float>, stride: Int) {
        let bins = size / 2 + 1
        complex.withMemoryRebound(to: Float.self, capacity: 2 * bins) { musicatlas_power_column($0, power, bins, stride) }
    }
}
