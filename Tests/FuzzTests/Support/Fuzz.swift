import Foundation
import PropertyBased
import Testing
import TestSupport

/// What a reader did with one input.
enum Outcome {
    case accepted
    /// Refused, with the error's text and whether it names the place (line, field or offset).
    case refused(String, namesPlace: Bool)
}

/// Runs one reader over `cases` inputs, each drawn from its own seeded generator, and checks each:
/// no crash (a crash note names the case), no case slower than `timeLimit`, and every refusal
/// naming its place. Prints the counts, which docs/fuzzing.md quotes.
///
/// The loop runs on a low-priority thread of its own (onLowPriorityThread), so a fuzz run takes
/// only the CPU the rest of the suite leaves; its first five problems are recorded here, on the
/// test's task.
@discardableResult
func fuzz(_ reader: String, cases: Int = 10_000, timeLimit: Duration = .seconds(5),
          input: @escaping @Sendable (inout Xoshiro, Int) -> [UInt8], read: @escaping @Sendable ([UInt8]) -> Outcome,
          sourceLocation: SourceLocation = #_sourceLocation) async -> (accepted: Int, refused: Int) {
    let run = await onLowPriorityThread {
        fuzzLoop(reader, cases: cases, timeLimit: timeLimit, input: input, read: read)
    }
    for problem in run.problems { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    return (run.accepted, run.refused)
}

/// What one reader's fuzz run counted, and its first problems.
struct FuzzRun: Sendable {
    var accepted = 0, refused = 0
    var problems: [String] = []
}

private func fuzzLoop(_ reader: String, cases: Int, timeLimit: Duration,
                      input: (inout Xoshiro, Int) -> [UInt8], read: ([UInt8]) -> Outcome) -> FuzzRun {
    let slot = CrashNote.slot()
    defer { CrashNote.clear(slot) }
    var run = FuzzRun()
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
        case .accepted: run.accepted += 1
        case .refused(let message, let namesPlace):
            run.refused += 1
            if verbose > 0 {
                verbose -= 1
                print("fuzz \(reader) case \(index) refused: \(message.prefix(300))")
            }
            if !namesPlace { problem = "refused without naming the place: \(message.prefix(400))" }
        }
        if elapsed > timeLimit { problem = "took \(elapsed), over the bound of \(timeLimit)" }
        if let problem, run.problems.count < 5 {
            run.problems.append("""
                \(reader) case \(index) (FUZZ_SEED=\(FuzzSeed.base)): \(problem)
                input (\(bytes.count) bytes): \(describe(bytes))
                """)
        }
    }
    print("fuzz \(reader): \(cases) cases, \(run.accepted) accepted, \(run.refused) refused, slowest \(slowest), all \(clock.now - began), seed \(FuzzSeed.base)")
    return run
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
func mutatedOrGenerated(_ seeds: [String], generate: @escaping @Sendable (inout Xoshiro) -> String) -> @Sendable (inout Xoshiro, Int) -> [UInt8] {
    let seedBytes = seeds.map { Array($0.utf8) }
    return { rng, index in
        index % 2 == 0 ? Mutator.mutate(seedBytes, &rng) : Array(generate(&rng).utf8)
    }
}

