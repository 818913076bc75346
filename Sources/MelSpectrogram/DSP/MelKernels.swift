internal import CMelKernels

/// Which build of the DSP's inner loops runs (CMelKernels: the x86-64 baseline, or AVX2 where
/// the CPU has it). Both give the same bits; tests switch between them to prove it.
package enum MelKernels {
    /// Whether the AVX2 build is in use. Setting it to `true` on a CPU without AVX2 keeps the
    /// baseline. Not to be changed while spectrograms are being computed.
    package static var avx2: Bool {
        get { musicatlas_mel_kernels_use_avx2() != 0 }
        set { _ = musicatlas_mel_kernels_select(newValue ? 1 : 0) }
    }
}
