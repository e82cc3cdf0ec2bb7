/// A 通报: what a supervising office sends its units after checking a year's reports — a title, the addressees, the
/// opening, numbered parts with their paragraphs, the requirements, and the office and date signed at the end. It is
/// a draft for a person to edit; the Word document is written from it.
public struct Notice: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var heading: String
        public var paragraphs: [String]

        public init(heading: String, paragraphs: [String]) {
            self.heading = heading
            self.paragraphs = paragraphs
        }
    }

    public var title: String
    /// `各单位：`
    public var addressees: String
    public var opening: [String]
    public var parts: [Part]
    public var signer: String
    public var date: CivilDate

    public init(title: String, addressees: String, opening: [String], parts: [Part], signer: String, date: CivilDate) {
        self.title = title
        self.addressees = addressees
        self.opening = opening
        self.parts = parts
        self.signer = signer
        self.date = date
    }

    /// The text as a person reads it (for a terminal or a test).
    public var plainText: String {
        var lines = [title, "", addressees]
        lines += opening
        for part in parts { lines.append(part.heading); lines += part.paragraphs }
        lines += ["", signer, date.chineseDescription]
        return lines.joined(separator: "\n") + "\n"
    }
}
