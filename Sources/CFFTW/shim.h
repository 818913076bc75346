// Single-precision FFTW 3 (libfftw3f). MelSpectrogram wraps it in `FFTPlan`.
#include <fftw3.h>
