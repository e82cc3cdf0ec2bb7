import Testing

@testable import GongkaiCore

@Suite("Information processing fee (国办函〔2020〕109号)")
struct FeeTests {
    @Test("Items in one month at the tier boundaries", arguments: [
        (10, 0), (11, 100), (30, 2_000), (31, 2_200), (40, 4_000), (41, 4_300), (50, 7_000), (51, 7_400),
    ])
    func boundaries(items: Int, fee: Int) {
        #expect(InformationFee.fee(items: items) == fee)
    }

    @Test("The count accumulates over one applicant's applications in a month and starts again the next month")
    func months() {
        func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }
        let fees = InformationFee.fees(of: [
            .init(received: d("2024-01-05"), items: 8),   // items 1–8: free
            .init(received: d("2024-01-20"), items: 5),   // items 9–13: 11, 12, 13 at 100
            .init(received: d("2024-01-31"), items: 20),  // items 14–33: 17 × 100 + 3 × 200
            .init(received: d("2024-02-01"), items: 10),  // a new month: free again
            .init(received: d("2024-02-02"), items: 1),   // item 11 of February
        ])
        #expect(fees == [0, 300, 2_300, 0, 100])
    }

    @Test("20 working days to pay, from the day after the notice")
    func payment() throws {
        let result = try InformationFee.paymentDeadline(noticeReceived: CivilDate(iso: "2021-09-30")!)
        #expect(result.date == CivilDate(iso: "2021-11-03"))
    }
}
