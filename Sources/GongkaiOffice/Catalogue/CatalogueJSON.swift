import GongkaiCore
import GongkaiStore

extension StoredCatalogueRecord {
    /// A record as the JSON API and the CLI's `--format json` give it: the CATALOGUE-JSONL object, with its version.
    public func json() -> JSON {
        guard case let .object(fields) = record.json().value else { return record.json() }
        return .object(fields.map { ($0.key, $0.value) } + [("version", .int(version))])
    }
}

extension Office.CatalogueDue {
    /// The to-do list as JSON: drafts by due date, documents without their 政策解读.
    public func json() -> JSON {
        .object([
            ("drafts", .array(drafts.map { item in
                .object([
                    ("draft", .int(item.draft.no)), ("title", .string(item.draft.record.title)),
                    ("state", .string(item.draft.state.rawValue)), ("formedOn", .string(item.draft.record.formedOn.description)),
                    ("due", .date(item.due)), ("overdue", .bool(item.overdue)),
                ])
            })),
            ("missingInterpretations", .array(missingInterpretations.map { record in
                .object([("indexNumber", .string(record.indexNumber ?? "")), ("title", .string(record.title)),
                         ("publishedOn", .string(record.publishedOn?.description ?? ""))])
            })),
        ])
    }
}
