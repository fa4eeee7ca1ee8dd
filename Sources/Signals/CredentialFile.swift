import Foundation
import Synchronization

/// A secret kept in a file (a mounted Secret). Kubernetes swaps the file when the Secret is
/// rotated, so it is re-read whenever its modification time, size or inode changes.
/// The secret itself never reaches a log or an error message; only the path does.
final class CredentialFile: Sendable {
    let path: String
    private struct Cached {
        var stamp: Stamp
        var value: String
    }
    private struct Stamp: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }
    private let cache = Mutex<Cached?>(nil)

    init(path: String) {
        self.path = path
    }

    /// The file's content without surrounding whitespace (a trailing newline is common in Secrets).
    func read() throws(SignalsError) -> String {
        let stamp: Stamp
        do {
            // Follow the ..data symlink Kubernetes uses, so a rotation shows as a change.
            let resolved = (path as NSString).resolvingSymlinksInPath
            let attributes = try FileManager.default.attributesOfItem(atPath: resolved)
            stamp = Stamp(modified: attributes[.modificationDate] as? Date, size: (attributes[.size] as? NSNumber)?.intValue,
                          inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
        } catch {
            throw SignalsError(.credentials, "cannot read credential file \(path)", cause: DecodeFailure(error))
        }
        if let cached = cache.withLock({ $0 }), cached.stamp == stamp { return cached.value }
        let value: String
        do {
            value = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw SignalsError(.credentials, "cannot read credential file \(path)", cause: DecodeFailure(error))
        }
        guard !value.isEmpty else { throw SignalsError(.credentials, "credential file \(path) is empty") }
        cache.withLock { $0 = Cached(stamp: stamp, value: value) }
        return value
    }
}
