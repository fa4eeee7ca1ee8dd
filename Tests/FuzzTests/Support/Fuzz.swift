import Foundation
import PropertyBased
import Testing

/// What a reader did with one input.
enum Outcome {
    case accepted
    /// Refused, with the error's text and whether it names the place (line, field or offset).
    case refused(String, namesPlace: Bool)
}

/// Runs one reader over `cases` inputs, each drawn from its own seeded generator, and checks each:
/// no crash (a crash note names the case), no case slower than `timeLimit`, and every refusal
/// naming its place. Prints the counts, which docs/fuzzing.md quotes.
@discardableResult
func fuzz(_ reader: String, cases: Int = 10_000, timeLimit: Duration = .seconds(5),
          input: (inout Xoshiro, Int) -> [UInt8], read: ([UInt8]) -> Outcome,
          sourceLocation: SourceLocation = #_sourceLocation) -> (accepted: Int, refused: Int) {
    let slot = CrashNote.slot()
    defer { CrashNote.clear(slot) }
    var accepted = 0, refused = 0, failures = 0
    var slowest = Duration.zero
    // FUZZ_VERBOSE=N prints the first N refusals of each reader, to read what users would see.
    var verbose = Int(ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] ?? "") ?? 0
    let clock = ContinuousClock()
    // FUZZ_DUMP="reader#case" writes that case's input to fuzz-case.bin, to replay a crash alone.
    let dump = ProcessInfo.processInfo.environment["FUZZ_DUMP"]
    let began = clock.now
    for index in 0..<cases {
        var rng = FuzzSeed.rng(reader: reader, case: index)
        let bytes = input(&rng, index)
        if dump == "\(reader)#\(index)" { _ = FileManager.default.createFile(atPath: "fuzz-case.bin", contents: Data(bytes)) }
        CrashNote.note(slot, "  \(reader): FUZZ_SEED=\(FuzzSeed.base) case \(index) (\(bytes.count) bytes)")
        let start = clock.now
        let outcome = read(bytes)
        let elapsed = clock.now - start
        slowest = max(slowest, elapsed)
        var problem: String?
        switch outcome {
        case .accepted: accepted += 1
        case .refused(let message, let namesPlace):
            refused += 1
            if verbose > 0 {
                verbose -= 1
                print("fuzz \(reader) case \(index) refused: \(message.prefix(300))")
            }
            if !namesPlace { problem = "refused without naming the place: \(message.prefix(400))" }
        }
        if elapsed > timeLimit { problem = "took \(elapsed), over the bound of \(timeLimit)" }
        if let problem, failures < 5 {
            failures += 1
            Issue.record("""
                \(reader) case \(index) (FUZZ_SEED=\(FuzzSeed.base)): \(problem)
                input (\(bytes.count) bytes): \(describe(bytes))
                """, sourceLocation: sourceLocation)
        }
    }
    print("fuzz \(reader): \(cases) cases, \(accepted) accepted, \(refused) refused, slowest \(slowest), all \(clock.now - began), seed \(FuzzSeed.base)")
    return (accepted, refused)
}

/// An input in a failure message: printable ASCII as is, the rest escaped, long ones cut.
func describe(_ bytes: [UInt8]) -> String {
    var text = ""
    for byte in bytes.prefix(600) {
        if (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") { text.append(Character(Unicode.Scalar(byte))) }
        else { text += "\\x" + String(byte, radix: 16) }
    }
    return bytes.count > 600 ? text + "…" : text
}

/// Half the cases mutate a seed input, half come from the reader's generator of structured input.
func mutatedOrGenerated(_ seeds: [String], generate: @escaping (inout Xoshiro) -> String) -> (inout Xoshiro, Int) -> [UInt8] {
    let seedBytes = seeds.map { Array($0.utf8) }
    return { rng, index in
        index % 2 == 0 ? Mutator.mutate(seedBytes, &rng) : Array(generate(&rng).utf8)
    }
}
