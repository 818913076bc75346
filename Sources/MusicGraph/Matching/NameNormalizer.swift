import Foundation

/// Folds an artist name to what a person would call the same name: compatibility decomposition
/// (NFKD), case folding, combining marks (accents, umlauts) removed, punctuation and symbols
/// removed, whitespace collapsed. "Mägo de Oz" and "mago de oz" become equal; "M-Clan" and
/// "M Clan" too.
public enum NameNormalizer {
    /// The folded form of `name`.
    public static func fold(_ name: String) -> String {
        let decomposed = name.decomposedStringWithCompatibilityMapping.lowercased()
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                .modifierSymbol, .otherSymbol, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control:
                pendingSpace = !out.isEmpty
            default:
                if properties.isWhitespace {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(" ")
                    pendingSpace = false
                }
                out.append(scalar)
            }
        }
        return String(out)
    }
}
