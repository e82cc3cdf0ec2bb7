/// A search over an agency's cases, as the all-cases list and `GET /api/cases` ask it: words that may be in the code,
/// the applicant's name or the request, and filters on year, status, outcome and channel; one page at a time, the
/// latest received first.
public struct CaseQuery: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case all, open, closed

        public var displayName: String {
            switch self {
            case .all: "全部"
            case .open: "未办结"
            case .closed: "已办结"
            }
        }
    }

    /// Words (split at spaces), each of which must be in the code, the applicant's name or the request.
    public var words: [String]
    public var status: Status
    /// The year of receipt.
    public var year: Int?
    /// The table 三 row the case closed under (`withdrawn` cases count as `otherHandling.other`).
    public var outcome: Table3Row?
    public var channel: Channel?
    /// From 1.
    public var page: Int
    public var pageSize: Int

    public static let defaultPageSize = 50
    public static let maxPageSize = 500

    public init(words: [String] = [], status: Status = .all, year: Int? = nil, outcome: Table3Row? = nil,
                channel: Channel? = nil, page: Int = 1, pageSize: Int = CaseQuery.defaultPageSize)
    {
        self.words = words
        self.status = status
        self.year = year
        self.outcome = outcome
        self.channel = channel
        self.page = page
        self.pageSize = pageSize
    }

    /// A bad parameter: its name and the reason, in Chinese.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let reason: String
        public var description: String { reason }
    }

    /// The query of the parameters `q`, `status` (all, open, closed), `year`, `outcome` (a table 三 key), `channel`,
    /// `page` and `pageSize`; empty values are absent.
    public init(parameters: [String: String]) throws(Invalid) {
        func value(_ key: String) -> String? {
            guard let text = parameters[key]?.trimmingWhitespace, !text.isEmpty else { return nil }
            return text
        }
        self.init()
        words = (value("q") ?? "").split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
        if let text = value("status") {
            guard let status = Status(rawValue: text) else {
                throw Invalid(field: "status", reason: "status 应为 all、open 或 closed，不是「\(text)」")
            }
            self.status = status
        }
        if let text = value("year") {
            guard let year = Int(text), (1900...2999).contains(year) else {
                throw Invalid(field: "year", reason: "year 应为四位年份，不是「\(text)」")
            }
            self.year = year
        }
        if let text = value("outcome") {
            guard let row = Table3Row(key: text), Table3Row.decisionOutcomes.contains(row) else {
                throw Invalid(field: "outcome", reason: "outcome「\(text)」不是表三的办理结果（如 granted、withheld.stateSecret）")
            }
            outcome = row
        }
        if let text = value("channel") {
            guard let channel = Channel(rawValue: text) else {
                throw Invalid(field: "channel", reason: "channel「\(text)」不是提交渠道（如 online、post、inPerson）")
            }
            self.channel = channel
        }
        if let text = value("page") {
            guard let page = Int(text), page >= 1 else { throw Invalid(field: "page", reason: "page 应为正整数，不是「\(text)」") }
            self.page = page
        }
        if let text = value("pageSize") {
            guard let size = Int(text), (1...Self.maxPageSize).contains(size) else {
                throw Invalid(field: "pageSize", reason: "pageSize 应为 1–\(Self.maxPageSize)，不是「\(text)」")
            }
            pageSize = size
        }
    }

    /// Whether nothing narrows the search (every case, first page).
    public var isEmpty: Bool { words.isEmpty && status == .all && year == nil && outcome == nil && channel == nil }
}

/// One page of a search.
public struct CaseSearchResult: Sendable {
    public let query: CaseQuery
    /// Cases matching, over all pages.
    public let total: Int
    public let records: [CaseRecord]

    public init(query: CaseQuery, total: Int, records: [CaseRecord]) {
        self.query = query
        self.total = total
        self.records = records
    }

    public var pageCount: Int { max(1, (total + query.pageSize - 1) / query.pageSize) }
}
