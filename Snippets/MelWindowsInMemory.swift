// Compute the 30-second dB mel windows of an audio file in memory, as the 2020 worker did
// (`seed2020`: reflect padding, duplicated last window, overlap gated in place) and as the
// default mode does. Run: swift run MelWindowsInMemory path/to/song.mp3
import Foundation
import MelSpectrogram

let path = CommandLine.arguments.dropFirst().first ?? "song.wav"
do {
    for mode in [RenderMode.seed2020, .standard] {
        let renderer = try SongRenderer(options: RenderOptions(mode: mode))
        // The values `melspec render --format npy` would write, median gate included.
        let windows = try renderer.windows(ofFile: path)
        for item in windows {
            let w = item.window
            print("\(mode.rawValue) window \(w.index): \(w.startSecond)–\(w.endSecond) s, "
                  + "\(item.values.rows)×\(item.values.columns), \(item.values.minimum)…\(item.values.maximum) dB")
        }
    }
} catch {
    print("cannot render \(path): \(error)")
}
