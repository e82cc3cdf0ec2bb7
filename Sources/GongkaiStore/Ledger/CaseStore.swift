import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GongkaiCore
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The case ledger in a database. Cases and their events are only ever inserted (the schema refuses UPDATE and
/// DELETE); a case's status and due dates are derived from its events (``CaseProgress``), and a year's tables are
/// counted from them in the database (``tally(year:)``).
public final class CaseStore: Sendable {
    public let backend: Backend
    /// This open store, told apart from any other in the process (keys of what is remembered about its contents).
    public let identity = UUID()
    private let databases: Databases
    private let threadPool: NIOThreadPool
    private let logger: Logger
    /// SQLite: one event loop, hence one connection, on which the pragmas were set; PostgreSQL: any loop.
    private let eventLoop: (any EventLoop)?

    /// The database, migrated to the current schema.
    public static func open(_ backend: Backend) async throws -> CaseStore { try await open(backend, migrating: true) }

    /// `migrating: false` opens a database as it is (to check a backup before it is restored); `only` migrates to
    /// an earlier schema (the first `only` migrations: to test upgrades from it).
    package static func open(_ backend: Backend, migrating: Bool, only: Int? = nil) async throws -> CaseStore {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        var logger = Logger(label: "gongkai.store")
        logger.logLevel = .warning
        switch backend {
        case let .sqlite(path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw StoreError("无法创建数据目录 \(directory)：\(error.localizedDescription)", kind: .unavailable)
                }
            }
            // One connection: requests queue for it, up to a minute (as on PostgreSQL).
            databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60), sqlLogLevel: nil), as: .sqlite)
        case let .postgres(url):
            do {
                // A request waits up to a minute for a connection (the default 10 s failed a burst of 500 publications,
                // which queue on the catalogue's lock: measured by CatalogueStoreTests).
                databases.use(try .postgres(url: url, connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .psql)
            } catch {
                let problem = url.contains(where: \.isWhitespace) ? "含空白或换行" : "无法识别：\(Backend.redacted(url))"
                throw StoreError("DATABASE_URL \(problem)（应为 postgres://用户:密码@主机:端口/数据库）")
            }
        }
        let loop: (any EventLoop)? = if case .sqlite = backend { MultiThreadedEventLoopGroup.singleton.next() } else { nil }
        let store = CaseStore(backend: backend, databases: databases, threadPool: threadPool, logger: logger, eventLoop: loop)
        do {
            if migrating { try await store.migrate(only: only) }
        } catch {
            await store.close()
            throw StoreError("无法打开数据库 \(backend)：\(Self.describe(error))", kind: .unavailable)
        }
        return store
    }

    private init(backend: Backend, databases: Databases, threadPool: NIOThreadPool, logger: Logger, eventLoop: (any EventLoop)?) {
        self.eventLoop = eventLoop
        self.backend = backend
        self.databases = databases
        self.threadPool = threadPool
        self.logger = logger
    }

    public func close() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }

    var database: any Database {
        databases.database(logger: logger, on: eventLoop ?? MultiThreadedEventLoopGroup.singleton.any())!
    }

    var sql: any SQLDatabase { database as! any SQLDatabase }

    private func migrate(only: Int? = nil) async throws {
        let migrations = Migrations()
        migrations.add(Array(Schema.migrations.prefix(only ?? Schema.migrations.count)))
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger,
                                on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        if case .sqlite = backend {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            // Memory-mapped reads and a 64 MB page cache: a year's counts over a million cases read ~100 MB of index.
            try await sql.raw("PRAGMA mmap_size=1073741824").run()
            try await sql.raw("PRAGMA cache_size=-65536").run()
        }
    }

    /// A database error as one readable line (PostgresNIO hides the server's message from `description`, so the
    /// reflection is used, cut to 400 characters).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        let text = String(reflecting: error)
        if let error = error as? PSQLError {
            // The causes an administrator can act on, named as such.
            switch error.serverInfo?[.sqlState] {
            case "28P01", "28000": return "PostgreSQL 拒绝登录：DATABASE_URL 中的用户名或密码不对（\(error.serverInfo?[.message] ?? "")）"
            case "3D000": return "PostgreSQL 中没有这个数据库：请先创建（createdb），或检查 DATABASE_URL 末尾的库名"
            default: break
            }
            if error.code == .connectionError || error.code == .serverClosedConnection {
                if text.contains("Connection refused") || text.contains("errno: 111") {
                    return "无法连接 PostgreSQL：DATABASE_URL 所指的主机和端口拒绝连接（数据库服务是否已启动？地址、端口是否正确？）"
                }
                if text.contains("timed out") || text.contains("timeout") { return "无法连接 PostgreSQL：连接超时（主机不可达或被防火墙拦截）" }
                return "无法连接 PostgreSQL：\(text.prefix(200))"
            }
        }
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    /// Runs one SQL statement as it is: for tests and maintenance only.
    package func execute(_ statement: String) async throws {
        try await sql.raw("\(unsafeRaw: statement)").run()
    }

    // MARK: - Cases

    /// The number of stored cases (of one agency, or all).
    public func caseCount(agency: Int? = nil) async throws -> Int {
        if let agency {
            return try await sql.raw("SELECT COUNT(*) AS n FROM cases WHERE agency_id = \(bind: agency)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return try await sql.raw("SELECT COUNT(*) AS n FROM cases").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The ids among `codes` that an agency has already stored.
    public func existingCodes(_ codes: [String], agency: Int) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in codes.chunks(of: 500) {
            let rows = try await sql.select().column("code").from("cases").where("agency_id", .equal, agency)
                .where("code", .in, Array(chunk)).all()
            for row in rows { found.insert(try row.decode(column: "code", as: String.self)) }
        }
        return found
    }

    /// Stores new cases of an agency with their whole history, all or nothing: when one of them is already stored (same
    /// id in the same agency), nothing is written.
    public func insert(_ records: [CaseRecord], agency: Int, recordedBy: String? = nil, audit note: AuditNote? = nil) async throws {
        guard !records.isEmpty else { return }
        let existing = try await existingCodes(records.map(\.id), agency: agency)
        if !existing.isEmpty {
            let list = existing.sorted().prefix(5).joined(separator: "、")
            throw StoreError.conflict("\(existing.count) 件申请已在库中（\(list)\(existing.count > 5 ? "等" : "")），未导入任何申请")
        }
        try await database.transaction { db in
            try await Self.insertRows(records, agency: agency, recordedBy: recordedBy, on: db as! any SQLDatabase)
            if let note { try await Self.audit(note, on: db as! any SQLDatabase) }
        }
    }

    /// Inserts cases and their ledgers inside the caller's transaction.
    static func insertRows(_ records: [CaseRecord], agency: Int, recordedBy: String?, on sql: any SQLDatabase) async throws {
        let now = Self.now()
        let start = try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM cases").first()?.decode(column: "n", as: Int.self) ?? 0
        var no = start
        var caseRows: [[any Encodable & Sendable]] = []
        var eventRows: [[any Encodable & Sendable]] = []
        func flushCases() async throws {
            guard !caseRows.isEmpty else { return }
            let insert = sql.insert(into: "cases").columns(
                "no", "agency_id", "code", "applicant_type", "applicant_name", "channel", "received_day", "request",
                "recorded_at", "recorded_by")
            for row in caseRows { insert.values(row) }
            try await insert.run()
            caseRows.removeAll(keepingCapacity: true)
        }
        func flushEvents() async throws {
            guard !eventRows.isEmpty else { return }
            let insert = sql.insert(into: "case_events").columns(
                "case_no", "seq", "agency_id", "applicant_type", "type", "day", "party", "amount", "outcome", "note", "review_no",
                "review_kind", "review_result", "recorded_at", "recorded_by")
            for row in eventRows { insert.values(row) }
            try await insert.run()
            eventRows.removeAll(keepingCapacity: true)
        }
        for record in records {
            no += 1
            caseRows.append([no, agency, record.id, record.applicant.type.rawValue, record.applicant.name, record.channel.rawValue,
                             record.received.dayNumber, record.request, now, recordedBy])
            for (seq, row) in LedgerRow.rows(of: record).enumerated() {
                eventRows.append(row.values(caseNo: no, seq: seq + 1, agency: agency, applicantType: record.applicant.type, recordedAt: now,
                                            recordedBy: row.by ?? recordedBy))
            }
            if caseRows.count >= 400 { try await flushCases() }
            if eventRows.count >= 400 { try await flushCases(); try await flushEvents() }
        }
        try await flushCases()
        try await flushEvents()
    }

    /// Appends events to a stored case after checking that the whole history stays valid; returns the new record.
    /// `audit` is written in the same transaction as the events (both or neither).
    @discardableResult
    public func append(_ events: [CaseEvent], reviews: [Review] = [], to code: String, agency: Int, recordedBy: String? = nil,
                       audit note: AuditNote? = nil) async throws -> CaseRecord
    {
        guard let (no, stored) = try await load(code: code, agency: agency) else { throw StoreError.notFound("没有编号为 \(code) 的申请") }
        var record = stored
        record.events += events
        for review in reviews {
            if let i = record.reviews.firstIndex(where: { $0.kind == review.kind && $0.filed == review.filed && $0.decided == nil }) {
                record.reviews[i] = review
            } else {
                record.reviews.append(review)
            }
        }
        if let problem = record.validate() { throw StoreError("申请 \(code)：\(problem.reason)", kind: .invalid) }
        guard let rows = LedgerRow.appended(from: stored, to: record) else {
            throw StoreError.conflict("申请 \(code)：已记录的历史不能改写，只能追加")
        }
        let first = LedgerRow.rows(of: stored).count
        let applicantType = record.applicant.type
        let now = Self.now()
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let insert = sql.insert(into: "case_events").columns(
                "case_no", "seq", "agency_id", "applicant_type", "type", "day", "party", "amount", "outcome", "note", "review_no",
                "review_kind", "review_result", "recorded_at", "recorded_by")
            for (i, row) in rows.enumerated() {
                insert.values(row.values(caseNo: no, seq: first + i + 1, agency: agency, applicantType: applicantType, recordedAt: now,
                                         recordedBy: row.by ?? recordedBy))
            }
            if !rows.isEmpty { try await insert.run() }
            if let note { try await Self.audit(note, on: sql) }
        }
        return record
    }

    /// One stored case of an agency.
    public func record(_ code: String, agency: Int) async throws -> CaseRecord? {
        try await load(code: code, agency: agency)?.1
    }

    /// The case and its internal number.
    func load(code: String, agency: Int) async throws -> (Int, CaseRecord)? {
        guard let row = try await sql.select().column("*").from("cases").where("agency_id", .equal, agency)
            .where("code", .equal, code).first() else { return nil }
        let no = try row.decode(column: "no", as: Int.self)
        let records = try await records(caseRows: [row])
        return records.first.map { (no, $0) }
    }

    /// Every stored case of an agency (nil: of all) in the order stored, `batch` at a time.
    public func forEachBatch(of batch: Int = 2000, agency: Int? = nil, _ body: ([CaseRecord]) throws -> Void) async throws {
        var after = 0
        while true {
            let query = sql.select().column("*").from("cases").where("no", .greaterThan, after)
            if let agency { query.where("agency_id", .equal, agency) }
            let rows = try await query.orderBy("no").limit(batch).all()
            guard let last = rows.last else { return }
            after = try last.decode(column: "no", as: Int.self)
            try body(try await records(caseRows: rows))
        }
    }

    /// An agency's cases (nil: every agency's) not yet closed (no `decided` or `withdrawn` event).
    public func openCases(agency: Int?) async throws -> [CaseRecord] {
        let rows = try await sql.raw("""
            SELECT * FROM cases c WHERE (c.agency_id = \(bind: agency ?? -1) OR \(bind: agency == nil)) AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_no = c.no \
            AND x.type IN ('decided', 'withdrawn')) ORDER BY c.no
            """).all()
        var result: [CaseRecord] = []
        for chunk in rows.chunks(of: 2000) { result += try await records(caseRows: Array(chunk)) }
        return result
    }

    /// Records for rows of `cases`, with their events.
    func records(caseRows: [any SQLRow]) async throws -> [CaseRecord] {
        guard !caseRows.isEmpty else { return [] }
        var heads: [(no: Int, record: CaseRecord)] = []
        for row in caseRows {
            let code = try row.decode(column: "code", as: String.self)
            func field<T: Decodable>(_ name: String, _ type: T.Type) throws -> T { try row.decode(column: name, as: T.self) }
            guard let type = ApplicantType(rawValue: try field("applicant_type", String.self)),
                  let channel = Channel(rawValue: try field("channel", String.self))
            else { throw StoreError("库中申请 \(code) 的记录无法识别", kind: .corrupt) }
            let record = CaseRecord(
                id: code,
                applicant: Applicant(type: type, name: try field("applicant_name", String?.self)),
                channel: channel,
                received: CivilDate(dayNumber: try field("received_day", Int.self)),
                request: try field("request", String?.self))
            heads.append((try field("no", Int.self), record))
        }
        let numbers = heads.map(\.no)
        let (low, high) = (numbers.min()!, numbers.max()!)
        let query = sql.select().column("*").from("case_events")
        if high - low + 1 <= 2 * numbers.count {
            // A run of consecutive cases (export): one range scan.
            query.where("case_no", .greaterThanOrEqual, low).where("case_no", .lessThanOrEqual, high)
        } else {
            // Scattered cases (the open ones): only theirs.
            query.where("case_no", .in, numbers)
        }
        let eventRows = try await query.orderBy("case_no").orderBy("seq").all()
        var ledgers: [Int: [LedgerRow]] = [:]
        for row in eventRows {
            ledgers[try row.decode(column: "case_no", as: Int.self), default: []].append(try LedgerRow(row: row))
        }
        return try heads.map { head in
            var record = head.record
            try LedgerRow.apply(ledgers[head.no] ?? [], to: &record)
            return record
        }
    }

    // MARK: - Tables

    /// Tables 三 and 四 of an agency's report year, counted in the database by the rules of CASES-JSONL.md (see
    /// ``CaseTally``): its own cases only.
    public func tally(year: Int, agency: Int) async throws -> CaseTally {
        let start = CivilDate(year: year, month: 1, day: 1)!.dayNumber
        let end = CivilDate(year: year, month: 12, day: 31)!.dayNumber
        var tally = CaseTally()
        func column(_ type: String) throws -> Int {
            guard let t = ApplicantType(rawValue: type) else { throw StoreError("库中有无法识别的申请人类型 \(type)", kind: .corrupt) }
            return t.column
        }
        // Open at a day = received by then − closed by then; each count is a scan of one index, with no join.
        let received = try await sql.raw("""
            SELECT applicant_type AS t,
              SUM(CASE WHEN received_day < \(bind: start) THEN 1 ELSE 0 END) AS before_year,
              COUNT(*) AS by_end
            FROM cases WHERE agency_id = \(bind: agency) AND received_day <= \(bind: end) GROUP BY applicant_type
            """).all()
        let closed = try await sql.raw("""
            SELECT applicant_type AS t,
              SUM(CASE WHEN day < \(bind: start) THEN 1 ELSE 0 END) AS before_year,
              COUNT(*) AS by_end
            FROM case_events WHERE agency_id = \(bind: agency) AND type IN ('decided', 'withdrawn') AND day <= \(bind: end)
            GROUP BY applicant_type
            """).all()
        var receivedBefore = [Int](repeating: 0, count: 6), receivedByEnd = receivedBefore
        var closedBefore = receivedBefore, closedByEnd = receivedBefore
        for row in received {
            let c = try column(try row.decode(column: "t", as: String.self))
            receivedBefore[c] = try row.decode(column: "before_year", as: Int.self)
            receivedByEnd[c] = try row.decode(column: "by_end", as: Int.self)
        }
        for row in closed {
            let c = try column(try row.decode(column: "t", as: String.self))
            closedBefore[c] = try row.decode(column: "before_year", as: Int.self)
            closedByEnd[c] = try row.decode(column: "by_end", as: Int.self)
        }
        for c in 0..<6 {
            tally.add(.received, column: c, count: receivedByEnd[c] - receivedBefore[c])
            tally.add(.carriedOver, column: c, count: receivedBefore[c] - closedBefore[c])
            tally.add(.carriedForward, column: c, count: receivedByEnd[c] - closedByEnd[c])
        }
        let outcomes = try await sql.raw("""
            SELECT applicant_type AS t, type AS kind, outcome, COUNT(*) AS n
            FROM case_events
            WHERE agency_id = \(bind: agency) AND type IN ('decided', 'withdrawn') AND day >= \(bind: start) AND day <= \(bind: end)
            GROUP BY applicant_type, type, outcome
            """).all()
        for row in outcomes {
            let c = try column(try row.decode(column: "t", as: String.self))
            let kind = try row.decode(column: "kind", as: String.self)
            let key = try row.decode(column: "outcome", as: String?.self)
            let outcome = kind == "withdrawn" ? .otherHandlingOther : key.flatMap(Table3Row.init(key:))
            guard let outcome else { throw StoreError("库中有无法识别的办理结果 \(key ?? "null")", kind: .corrupt) }
            tally.add(outcome, column: c, count: try row.decode(column: "n", as: Int.self))
        }
        let reviews = try await sql.raw("""
            SELECT kind, result, COUNT(*) AS n FROM (
              SELECT f.review_kind AS kind,
                CASE WHEN d.day IS NOT NULL AND d.day <= \(bind: end) THEN d.review_result ELSE 'pending' END AS result
              FROM case_events f LEFT JOIN case_events d
                ON d.case_no = f.case_no AND d.type = 'reviewDecided' AND d.review_no = f.review_no
              WHERE f.agency_id = \(bind: agency) AND f.type = 'reviewFiled' AND f.day <= \(bind: end) AND (d.day IS NULL OR d.day >= \(bind: start))
            ) r GROUP BY kind, result
            """).all()
        for row in reviews {
            let kindKey = try row.decode(column: "kind", as: String.self)
            let resultKey = try row.decode(column: "result", as: String.self)
            guard let block = Table4Block(key: kindKey) else { throw StoreError("库中有无法识别的复议诉讼类型 \(kindKey)", kind: .corrupt) }
            let column = resultKey == "pending" ? 3 : Review.Result(rawValue: resultKey)?.column
            guard let column else { throw StoreError("库中有无法识别的审结结果 \(resultKey)", kind: .corrupt) }
            tally.add(block, column: column, count: try row.decode(column: "n", as: Int.self))
        }
        return tally
    }

    // MARK: - Calendar

    /// The shipped notices completed (or replaced) by the imported ones.
    public func calendar() async throws -> WorkdayCalendar {
        WorkdayCalendar(notices: try await notices())
    }

    public func notices() async throws -> [Int: WorkdayCalendar.Notice] {
        var notices = WorkdayCalendar.shippedNotices
        for row in try await sql.select().columns("year", "holidays", "workdays").from("calendar_notices").all() {
            let year = try row.decode(column: "year", as: Int.self)
            func dates(_ column: String) throws -> [String] {
                try row.decode(column: column, as: String.self).split(separator: ",").map(String.init)
            }
            notices[year] = WorkdayCalendar.Notice(holidays: try dates("holidays"), workdays: try dates("workdays"))
        }
        return notices
    }

    /// Years imported into this database, with when.
    public func importedNoticeYears() async throws -> [(year: Int, importedAt: String)] {
        try await sql.select().columns("year", "imported_at").from("calendar_notices").orderBy("year").all().map {
            (try $0.decode(column: "year", as: Int.self), try $0.decode(column: "imported_at", as: String.self))
        }
    }

    /// Stores notices (a year already imported is replaced; the shipped ones are overridden).
    public func saveNotices(_ notices: [Int: WorkdayCalendar.Notice], audit note: AuditNote? = nil) async throws {
        let now = Self.now()
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            for (year, notice) in notices.sorted(by: { $0.key < $1.key }) {
                try await sql.delete(from: "calendar_notices").where("year", .equal, year).run()
                try await sql.insert(into: "calendar_notices").columns("year", "holidays", "workdays", "imported_at")
                    .values(year, notice.holidays.joined(separator: ","), notice.workdays.joined(separator: ","), now).run()
            }
            if let note { try await Self.audit(note, on: sql) }
        }
    }
}

extension Collection {
    func chunks(of size: Int) -> [SubSequence] {
        var result: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            result.append(self[start..<end])
            start = end
        }
        return result
    }
}
