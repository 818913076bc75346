import Foundation

/// The sizes a RIFF/WAVE header declares. FFmpeg clamps a WAV's data chunk to the bytes present,
/// so a cut-off download looks like a shorter, valid file; comparing the declared data size with
/// the file size is what reveals the truncation.
struct RIFFWaveHeader {
    /// Byte offset of the first sample.
    let dataOffset: Int
    /// Data bytes the header declares.
    let declaredDataBytes: Int
    /// Bytes per second of audio (`fmt ` chunk).
    let byteRate: Int

    /// Parses the header of the file at `path`; `nil` when it is not a RIFF/WAVE file with `fmt `
    /// and `data` chunks in its first 64 KiB, or when the size is a streaming placeholder.
    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 65_536), head.count >= 12 else { return nil }
        let bytes = [UInt8](head)
        func u32(_ at: Int) -> Int {
            Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        func tag(_ at: Int) -> String { String(decoding: bytes[at..<(at + 4)], as: UTF8.self) }
        guard tag(0) == "RIFF", tag(8) == "WAVE" else { return nil }
        var offset = 12
        var byteRate: Int?
        while offset + 8 <= bytes.count {
            let size = u32(offset + 4)
            switch tag(offset) {
            case "fmt " where offset + 20 <= bytes.count:
                byteRate = u32(offset + 16)
            case "data":
                guard let byteRate, byteRate > 0, size > 0, size != 0xFFFF_FFFF else { return nil }
                dataOffset = offset + 8
                declaredDataBytes = size
                self.byteRate = byteRate
                return
            default:
                break
            }
            offset += 8 + size + (size & 1)  // chunks are padded to even sizes
        }
        return nil
    }

    /// Seconds of audio the header declares.
    var declaredSeconds: Double { Double(declaredDataBytes) / Double(byteRate) }
}
