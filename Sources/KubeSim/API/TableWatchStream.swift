/// A watch stream whose event objects are rewritten as Tables. The events go through a
/// second, equally bounded buffer: a client that falls `limit` events behind is cut off,
/// as on a plain watch, and ending either side ends the other.
enum TableWatchStream {
    static func wrap(_ source: AsyncStream<WatchFrame>, renderer: TableRenderer,
                     limit: Int = 100_000) -> AsyncStream<WatchFrame> {
        // One slot more than the limit, kept for the frame that cuts the connection.
        let (stream, continuation) = AsyncStream.makeStream(of: WatchFrame.self, bufferingPolicy: .bufferingOldest(limit + 1))
        let forwarder = Task {
            var headers = true
            for await frame in source {
                guard case .line(let line) = frame else {
                    continuation.yield(frame)
                    continue
                }
                let result = continuation.yield(.line(renderer.watchLine(line, headers: headers)))
                headers = false
                if case .terminated = result { break }
                if case .enqueued(let remaining) = result, remaining <= 1 {
                    continuation.yield(.drop)
                    break
                }
            }
            continuation.finish()
        }
        // Leaving the loop above (or being cancelled) ends the source, which unregisters the watch.
        continuation.onTermination = { _ in forwarder.cancel() }
        return stream
    }
}
