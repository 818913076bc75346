/// Numbers as kworb prints them: `19,730,111,322`, `+43,351`, `-1`, `1(x2)`, empty.
public enum KworbNumber {
    /// The integer in `text`, ignoring thousands separators, a leading `+`, surrounding spaces and
    /// a trailing parenthesised note; `nil` when there is none (`=`, `NEW`, empty).
    public static func parse(_ text: String) -> Int64? {
        var digits = ""
        var sign: Int64 = 1
        var started = false
        for character in text {
            if character.isWhitespace, !started { continue }
            if !started, character == "+" { started = true; continue }
            if !started, character == "-" || character == "−" { sign = -1; started = true; continue }
            if character == "," { continue }
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(Character(String(digit)))
                started = true
                continue
            }
            break
        }
        guard !digits.isEmpty, let value = Int64(digits) else { return nil }
        return sign * value
    }
}
