// libsndfile: what librosa (through python-soundfile) reads MP3 and Ogg with. MelSpectrogram
// decodes those two formats through it so that its samples equal `librosa.load`'s.
#include <sndfile.h>
