/// Runs one query per field at once and gathers each answer or error, in the fields' order.
enum ConcurrentQueries {
    static func run(_ queries: FrameQueries,
                    _ perform: @escaping @Sendable (String) async throws(SignalsError) -> QueryResult)
        async -> [(field: FrameField, result: Result<QueryResult, SignalsError>)] {
        let answers = await withTaskGroup(of: (Int, Result<QueryResult, SignalsError>).self) { group in
            for (index, entry) in queries.queries.enumerated() {
                group.addTask { (index, await outcome(of: entry.query, perform)) }
            }
            var gathered: [(Int, Result<QueryResult, SignalsError>)] = []
            for await answer in group { gathered.append(answer) }
            return gathered
        }
        return answers.sorted { $0.0 < $1.0 }.map { (queries.queries[$0.0].field, $0.1) }
    }

    private static func outcome(of query: String,
                                _ perform: @Sendable (String) async throws(SignalsError) -> QueryResult) async -> Result<QueryResult, SignalsError> {
        do throws(SignalsError) {
            return .success(try await perform(query))
        } catch {
            return .failure(error)
        }
    }
}
