// Chromaprint, the AcoustID fingerprint (libchromaprint-dev). AudioFingerprint wraps it in
// `AudioFingerprinter`; only the raw (uncompressed) fingerprint is used.
#include <chromaprint.h>
