import AsyncHTTPClient
import KubeModel
import Logging
import NIOCore

/// A list-then-watch `AsyncSequence` (the driver of `WatcherStateMachine`): it takes the
/// initial state from a streaming list (or lists in pages where the server refuses one),
/// watches from the list's resourceVersion with bookmarks, resumes after
/// dropped connections and server timeouts, relists on 410 Gone and backs off on errors.
///
/// It is pull-driven: nothing is read from the network until the consumer asks, so at
/// most one chunk's events are buffered. It ends (returns nil) only when its task is
/// cancelled; failures are retried.
package struct Watcher<Object: HasMetadata>: AsyncSequence, Sendable {
    package typealias Element = WatcherEvent<Object>

    let client: Client
    let resource: Resource
    let namespace: String?
    let configuration: WatcherConfiguration
    let codec: ObjectCodec<Object>
    /// Told of each answer and failure, when set (`reporting(to:)`).
    var health: WatchHealth?

    /// The same watcher, reporting its contact with the server to `health`.
    package func reporting(to health: WatchHealth) -> Watcher {
        var copy = self
        copy.health = health
        return copy
    }

    package func makeAsyncIterator() -> Iterator {
        Iterator(watcher: self)
    }

    package struct Iterator: AsyncIteratorProtocol {
        let watcher: Watcher
        var machine: WatcherStateMachine<Object>
        var pending: [WatcherEvent<Object>] = []
        var pendingIndex = 0
        var next: WatcherStateMachine<Object>.Next?
        var stream: HTTPClientResponse.Body.AsyncIterator?
        var splitter = LineSplitter()

        init(watcher: Watcher) {
            self.watcher = watcher
            machine = WatcherStateMachine(initialList: watcher.configuration.initialList)
        }

        var client: Client { watcher.client }
        var logger: Logger { watcher.client.logger }

        package mutating func next() async -> WatcherEvent<Object>? {
            while true {
                if pendingIndex < pending.count {
                    defer { pendingIndex += 1 }
                    return pending[pendingIndex]
                }
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                if Task.isCancelled {
                    stream = nil
                    return nil
                }
                guard let action = next else {
                    take(machine.start())
                    continue
                }
                switch action {
                case .list(let token): await list(continueToken: token)
                case .streamList: await watch(from: nil)
                case .watch(let version): await watch(from: version)
                case .readStream: await read()
                case .backoff(let attempt):
                    let delay = watcher.configuration.backoff.delay(attempt: attempt, unit: client.random())
                    do {
                        try await client.clock.sleep(for: delay)
                    } catch {
                        return nil
                    }
                    take(machine.resume())
                }
            }
        }

        mutating func take(_ step: WatcherStateMachine<Object>.Step) {
            pending += step.events
            next = step.next
            if step.next != .readStream {
                // Anything other than reading on means this stream is done with; dropping
                // the iterator cancels the request.
                stream = nil
                splitter = LineSplitter()
            }
        }

        mutating func fail(_ error: any Error) {
            let kubeError = error as? KubeError
                ?? KubeError(code: .transport, message: "watch \(watcher.resource) failed", cause: error)
            logger.debug("watch failed", metadata: ["resource": "\(watcher.resource)", "error": "\(kubeError)"])
            let streamed = !machine.streamingRefused
            let step = machine.failed(kubeError)
            if streamed, machine.streamingRefused {
                // A server without streaming lists answered: it is reachable, and says so once.
                noteFallback(streamed: streamed, why: "\(kubeError)")
            } else {
                watcher.health?.failed(kubeError, logger: logger, server: client.configuration.server)
            }
            take(step)
        }

        /// Said once per watcher: from here on it lists in pages.
        func noteFallback(streamed: Bool, why: String) {
            guard streamed, machine.streamingRefused else { return }
            logger.info("the server does not serve streaming lists; listing in pages",
                        metadata: ["resource": "\(watcher.resource)", "why": "\(why)"])
        }

        mutating func list(continueToken: String?) async {
            let options = ListOptions(labelSelector: watcher.configuration.labelSelector,
                                      fieldSelector: watcher.configuration.fieldSelector,
                                      limit: watcher.configuration.pageSize, continueToken: continueToken)
            do {
                let page = try await client.list(watcher.resource, namespace: watcher.namespace, options: options,
                                                 as: watcher.codec)
                watcher.health?.contact(connected: false, logger: logger, server: client.configuration.server)
                take(machine.listed(page))
            } catch {
                fail(error)
            }
        }

        /// A watch from `version`, or with none a streaming list: the current state first
        /// (a consistent read), then changes.
        mutating func watch(from version: String?) async {
            let range = watcher.configuration.timeoutSeconds
            let timeout = version == nil ? watcher.configuration.streamingListTimeoutSeconds
                : range.lowerBound + Int(client.random() * Double(range.count - 1) + 0.5)
            var options = WatchOptions(labelSelector: watcher.configuration.labelSelector,
                                       fieldSelector: watcher.configuration.fieldSelector, resourceVersion: version,
                                       timeoutSeconds: timeout)
            if version == nil {
                options.sendInitialEvents = true
                options.resourceVersionMatch = "NotOlderThan"
            }
            do {
                let body = try await client.openWatch(watcher.resource, namespace: watcher.namespace, options: options)
                stream = body.makeAsyncIterator()
                watcher.health?.contact(connected: true, logger: logger, server: client.configuration.server)
                take(machine.watchOpened())
            } catch {
                fail(error)
            }
        }

        mutating func read() async {
            guard var iterator = stream else {
                take(machine.streamEnded())
                return
            }
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
                stream = iterator
            } catch {
                stream = nil
                if Task.isCancelled { return }
                fail(error)
                return
            }
            guard let chunk else {
                stream = nil
                watcher.health?.streamEnded()
                if let last = splitter.finish() {
                    guard handle(line: last) else { return }
                }
                let streamed = !machine.streamingRefused
                take(machine.streamEnded())
                noteFallback(streamed: streamed, why: "two streaming lists ended before their end bookmark")
                return
            }
            let lines: [ArraySlice<UInt8>]
            do {
                lines = try splitter.feed(chunk.readableBytesView)
            } catch {
                fail(error)
                return
            }
            for line in lines {
                guard handle(line: line) else { return }
            }
        }

        /// Decodes and feeds one line; false once the stream is abandoned (410, error).
        mutating func handle(line: ArraySlice<UInt8>) -> Bool {
            let event: WatchEvent<Object>
            do {
                event = try watcher.codec.decodeEvent(line)
            } catch {
                logger.warning("undecodable watch event", metadata: ["resource": "\(watcher.resource)", "error": "\(error)"])
                fail(KubeError(code: .decoding, message: "cannot decode a watch event of \(watcher.resource)",
                               cause: error))
                return false
            }
            let step = machine.received(event)
            pending += step.events
            if step.next != .readStream {
                take(WatcherStateMachine<Object>.Step(events: [], next: step.next))
                return false
            }
            return true
        }
    }
}
