import Foundation
import KubeModel
import KubeSim
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The operator under faults, as child processes against KubeSim over HTTP. Every case ends by
/// checking the whole state: the HPAs as the spec implies, every original recorded, and after the
/// guard is deleted every HPA exactly as a person left it. docs/faults.md has the table.
@Suite(.serialized) struct FaultSuiteTests {
    /// Killed after the status write and before the HPA write: a guard's reconcile writes its
    /// decision into its status, and the enforcer then writes the HPA. The next instance takes
    /// the status as it finds it, puts the ceiling on the HPA with its original recorded once,
    /// and a deletion restores the original.
    @Test func killedBetweenTheStatusWriteAndTheHPAWrite() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            // The HPA write never lands: the first instance dies waiting on it.
            fixture.cluster.inject(Fault(.hang, verb: "patch", resource: "horizontalpodautoscalers", times: 1))
            let first = try fixture.startOperator("first")
            try await fixture.eventually("the first instance's status and its HPA write on its way", logs: [first]) {
                try fixture.guardObject()?.value(atPath: "status.phase") != nil
                    && fixture.cluster.requests.contains { $0.verb == "patch" && $0.resource == "horizontalpodautoscalers" }
            }
            try await first.killHard()
            #expect(try !fixture.ceilingHolds(), "the HPA write landed")
            #expect(try fixture.annotation("costguard.dev/original-max-replicas") == nil, "an original recorded without the write")
            let hpaWrites = fixture.writes("horizontalpodautoscalers")

            let second = try fixture.startOperator("second")
            let converged = try await fixture.eventually("the second instance's ceiling", logs: [second]) { try fixture.ceilingHolds() }
            try await Task.sleep(for: .seconds(2))
            #expect(try fixture.ceilingHolds())
            #expect(fixture.writes("horizontalpodautoscalers") == hpaWrites + 1, "the ceiling written once, then left converged")
            FaultLog.record("SIGKILL between the status write and the HPA write", converged)

            try await Self.deleteAndExpectRestored(fixture, before: ["web": before], logs: [second])
            try await second.stop()
        }
    }

    /// Killed between two HPAs of one guard: one holds the ceiling, the other does not; the next
    /// instance finishes the second and leaves the first as it is.
    @Test func killedBetweenTwoHPAsOfOneGuard() async throws {
        try await FaultCluster.with(hpas: ["web-a", "web-b"]) { fixture in
            let before = ["web-a": try fixture.userView("web-a"), "web-b": try fixture.userView("web-b")]
            fixture.cluster.inject(Fault(.hang, verb: "patch", resource: "horizontalpodautoscalers", name: "web-b", times: 1))
            let first = try fixture.startOperator("first")
            try await fixture.eventually("the ceiling on web-a and web-b's write pending", logs: [first]) {
                try fixture.ceilingHolds("web-a")
                    && fixture.cluster.requests.contains { $0.verb == "patch" && $0.name == "web-b" }
            }
            try await first.killHard()
            #expect(try !fixture.ceilingHolds("web-b"), "web-b's write landed")
            let second = try fixture.startOperator("second")
            let converged = try await fixture.eventually("both ceilings", logs: [second]) {
                try fixture.ceilingHolds("web-a") && fixture.ceilingHolds("web-b")
            }
            FaultLog.record("SIGKILL between two HPAs of one guard", converged)
            try await Self.deleteAndExpectRestored(fixture, before: before, logs: [second])
            try await second.stop()
        }
    }

    /// A person raises maxReplicas while the ceiling holds, and their first write races ours (409):
    /// their value becomes the original to restore, and the ceiling goes back on top of it.
    @Test func aPersonsEditDuringTheCeilingIsKeptAndTheCeilingRetriedOnTop() async throws {
        try await FaultCluster.with { fixture in
            let process = try fixture.startOperator("only")
            try await fixture.eventually("the ceiling", logs: [process]) { try fixture.ceilingHolds() }
            // The next two HPA patches conflict, as when another writer got there first.
            fixture.cluster.inject(Fault(.status(code: 409, retryAfterSeconds: nil), verb: "patch", resource: "horizontalpodautoscalers",
                                         times: 2))
            _ = try fixture.cluster.patch(fixture.hpaType, namespace: FaultCluster.namespace, name: "web", patchType: .merge,
                                          patch: ["spec": ["maxReplicas": 60]])
            var edited = try fixture.userView()
            let converged = try await fixture.eventually("the ceiling over the person's 60", logs: [process]) {
                try fixture.ceilingHolds(original: 60)
            }
            FaultLog.record("409 on our HPA patches while a person sets maxReplicas", converged)
            // What the person set is what comes back: their 60, no CostGuard annotation.
            edited = try Self.withoutGuardAnnotations(edited)
            try await Self.deleteAndExpectRestored(fixture, before: ["web": edited], logs: [process])
            try await process.stop()
        }
    }

    /// The API server "restarts" while the ceiling holds: every watch is cut, its history is
    /// compacted (resuming is 410 Gone) and it answers 503 for 5 s; meanwhile a person sets
    /// maxReplicas to 8. The operator relists, takes 8 as the value to restore and, the node cap
    /// still binding, puts its ceiling back on top.
    @Test func theAPIServerRestartsDuringACeiling() async throws {
        try await FaultCluster.with { fixture in
            let process = try fixture.startOperator("only")
            try await fixture.eventually("the ceiling", logs: [process]) { try fixture.ceilingHolds() }
            // Five seconds of 503 on everything, watches cut, history compacted behind a change.
            fixture.cluster.inject(Fault(.status(code: 503, retryAfterSeconds: nil), times: 1_000_000))
            fixture.cluster.dropWatches()
            _ = try fixture.cluster.patch(fixture.hpaType, namespace: FaultCluster.namespace, name: "web", patchType: .merge,
                                          patch: ["spec": ["maxReplicas": 8]])
            fixture.cluster.compactHistory()
            try await Task.sleep(for: .seconds(5))
            fixture.cluster.clearFaults()
            let edited = try Self.withoutGuardAnnotations(try fixture.userView())
            let converged = try await fixture.eventually("the ceiling over the person's 8", logs: [process]) {
                // The node cap still binds (5 nodes, cap 2): the ceiling goes back on, below 8.
                try fixture.ceilingHolds(original: 8)
            }
            FaultLog.record("API server restarted (watches cut, history compacted, 5 s of 503)", converged)
            try await Self.deleteAndExpectRestored(fixture, before: ["web": edited], logs: [process])
            try await process.stop()
        }
    }

    /// 429 storms with Retry-After and 5xx bursts on every verb while the ceiling goes on.
    @Test func throttlingAndServerErrorsOnEveryVerb() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            fixture.cluster.inject(Fault(.status(code: 429, retryAfterSeconds: 1), times: 12))
            fixture.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "patch", times: 6))
            let process = try fixture.startOperator("only")
            let converged = try await fixture.eventually("the ceiling through the storm", timeout: .seconds(90), logs: [process]) {
                try fixture.ceilingHolds() && fixture.guardObject()?.value(atPath: "status.phase") != nil
            }
            FaultLog.record("12 × 429 (Retry-After 1) on every verb, 6 × 500 on patches", converged)
            try await Self.deleteAndExpectRestored(fixture, before: ["web": before], logs: [process])
            try await process.stop()
        }
    }

    /// A slow API server: every request answered 2 s late, and one HPA write held past the
    /// client's 30 s deadline and never served. The write is retried and the ceiling lands once;
    /// the restore, still under the delay, puts back exactly what the person left.
    @Test func slowAnswersAndAWritePastItsDeadline() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            fixture.cluster.inject(Fault(.hang, verb: "patch", resource: "horizontalpodautoscalers", times: 1))
            fixture.cluster.inject(Fault(.delay(.seconds(2)), times: 1_000_000))
            let process = try fixture.startOperator("only")
            let converged = try await fixture.eventually("the ceiling past a hung write", timeout: .seconds(150), logs: [process]) {
                try fixture.ceilingHolds()
            }
            FaultLog.record("every request 2 s late, one HPA patch never answered (past the client's 30 s deadline)", converged)
            #expect(process.text.contains("the API server did not answer in time") && process.text.contains("PATCH /apis/autoscaling/v2"),
                    "the hung write left no warning in the log")
            try await Self.deleteAndExpectRestored(fixture, before: ["web": before], logs: [process])
            try await process.stop()
        }
    }

    /// The guard's Prometheus answers an HTML page, then is gone (connection refused), then answers
    /// too slowly: fail-static each time. The node cap's ceiling holds from cluster state, no surge
    /// pause starts, the status says the signals are unavailable and why; the restore on deletion
    /// is exact.
    @Test func prometheusAnsweringGarbageThenGoneThenSlowIsFailStatic() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            let garbage = try CannedHTTPServer(status: 200, contentType: "text/html", body: "<html>maintenance</html>")
            _ = try fixture.cluster.patch(fixture.guardType, namespace: nil, name: FaultCluster.guardName, patchType: .merge, patch: [
                "spec": ["signals": ["prometheus": ["url": .string(garbage.url), "requestRate": "sum(rate(requests_total[1m]))"]]],
            ])
            let process = try fixture.startOperator("only")
            func failStatic(_ cause: String) throws -> Bool {
                let status = try fixture.guardObject()?.value(atPath: "status")
                let message = status?.value(atPath: "message")?.stringValue ?? ""
                return try fixture.ceilingHolds() && status?.value(atPath: "phase")?.stringValue == "Degraded"
                    && message.hasPrefix("Signals unavailable") && message.contains(cause)
            }
            let converged = try await fixture.eventually("the ceiling, degraded by the HTML answer", logs: [process]) {
                try failStatic("JSON")
            }
            garbage.stop()
            try await fixture.eventually("still held with Prometheus gone", logs: [process]) { try failStatic("127.0.0.1") }
            // A Prometheus that answers after two minutes: the query gives up at its deadline
            // (half the 1 s interval, at least 1 s) instead of holding the guard's reconcile.
            let slow = try CannedHTTPServer(status: 200, contentType: "application/json", body: "{}", delaySeconds: 120)
            _ = try fixture.cluster.patch(fixture.guardType, namespace: nil, name: FaultCluster.guardName, patchType: .merge, patch: [
                "spec": ["signals": ["prometheus": ["url": .string(slow.url)]]],
            ])
            try await fixture.eventually("still held with Prometheus too slow", logs: [process]) { try failStatic("in time") }
            slow.stop()
            FaultLog.record("Prometheus answering HTML, then refusing connections, then too slow", converged)
            let behavior = try fixture.hpa().value(atPath: "spec.behavior.scaleUp.selectPolicy")?.stringValue
            #expect(behavior != "Disabled", "a surge pause started on missing signals")
            try await Self.deleteAndExpectRestored(fixture, before: ["web": before], logs: [process])
            try await process.stop()
        }
    }

    /// The guard reads its frames from an access-log receiver (`costguard ingest serve`, a child
    /// process): while it answers, signals are available; killed with SIGKILL, then replaced by
    /// one answering an HTML page, then by one too slow to answer, the guard stays fail-static
    /// each time (the ceiling held from cluster state, no surge pause, Degraded naming the cause),
    /// and the restore on deletion is exact.
    @Test func anAccessLogReceiverKilledGarbledOrSlowIsFailStatic() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            let receiver = try ReceiverProcess.start(directory: fixture.directory)
            let url = try await receiver.url()
            func useReceiver(_ url: String) throws {
                _ = try fixture.cluster.patch(fixture.guardType, namespace: nil, name: FaultCluster.guardName, patchType: .merge, patch: [
                    "spec": ["signals": ["accessLogs": ["url": .string(url)]]],
                ])
            }
            try useReceiver(url)
            let process = try fixture.startOperator("only")
            func signalsCondition() throws -> JSONValue? {
                try fixture.guardObject()?.value(atPath: "status.conditions")?.arrayValue?.first { $0["type"] == "SignalsAvailable" }
            }
            func failStatic(_ cause: String) throws -> Bool {
                let status = try fixture.guardObject()?.value(atPath: "status")
                let message = status?.value(atPath: "message")?.stringValue ?? ""
                return try fixture.ceilingHolds() && status?.value(atPath: "phase")?.stringValue == "Degraded"
                    && message.hasPrefix("Signals unavailable") && message.contains(cause)
            }
            try await fixture.eventually("the receiver read and the ceiling on", logs: [process]) {
                try fixture.ceilingHolds() && signalsCondition()?["reason"] == "ReceiversAnswered"
            }
            try await receiver.killHard()
            let converged = try await fixture.eventually("the ceiling held with the receiver killed", logs: [process]) {
                try failStatic(url.replacingOccurrences(of: "http://", with: ""))
            }
            let garbage = try CannedHTTPServer(status: 200, contentType: "text/html", body: "<html>maintenance</html>")
            try useReceiver(garbage.url)
            try await fixture.eventually("still held with the receiver answering HTML", logs: [process]) {
                try failStatic("not the receiver's JSON")
            }
            garbage.stop()
            let slow = try CannedHTTPServer(status: 200, contentType: "application/json", body: "{}", delaySeconds: 120)
            try useReceiver(slow.url)
            try await fixture.eventually("still held with the receiver too slow", logs: [process]) { try failStatic("in time") }
            slow.stop()
            FaultLog.record("access-log receiver SIGKILLed, then answering HTML, then too slow", converged)
            let behavior = try fixture.hpa().value(atPath: "spec.behavior.scaleUp.selectPolicy")?.stringValue
            #expect(behavior != "Disabled", "a surge pause started on missing signals")
            try await Self.deleteAndExpectRestored(fixture, before: ["web": before], logs: [process])
            try await process.stop()
        }
    }

    /// The guard is deleted while its ceiling holds and the API server fails the HPA writes: the
    /// finalizer keeps the guard until the restore lands.
    @Test func aGuardDeletedWhileTheServerFailsKeepsItsFinalizerUntilRestored() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            let process = try fixture.startOperator("only")
            try await fixture.eventually("the ceiling and the finalizer", logs: [process]) {
                try fixture.ceilingHolds()
                    && fixture.guardObject()?.value(atPath: "metadata.finalizers")?.arrayValue?.isEmpty == false
            }
            fixture.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "patch", resource: "horizontalpodautoscalers",
                                         times: 8))
            _ = try fixture.cluster.delete(fixture.guardType, namespace: nil, name: FaultCluster.guardName)
            try await Task.sleep(for: .seconds(1))
            #expect(try fixture.guardObject() != nil || fixture.userView() == before, "the guard went before its HPA was restored")
            let converged = try await fixture.eventually("the guard gone and the HPA restored", logs: [process]) {
                try fixture.guardObject() == nil
            }
            FaultLog.record("guard deleted during 8 × 500 on HPA patches", converged)
            #expect(try fixture.userView() == before)
            try await process.stop()
        }
    }

    /// Two replicas with leader election; the leader is frozen (SIGSTOP) past its lease: the
    /// standby takes over within the lease time and acts on a person's edit; resumed (SIGCONT),
    /// the old leader finds its lease gone and writes nothing.
    @Test func aFrozenLeaderIsReplacedAndWritesNothingWhenResumed() async throws {
        try await FaultCluster.with { fixture in
            let first = try fixture.startOperator("replica-a", leaderElect: true)
            try await fixture.eventually("replica-a to lead and hold the ceiling", logs: [first]) {
                try fixture.holder() == "replica-a" && fixture.ceilingHolds()
            }
            let second = try fixture.startOperator("replica-b", leaderElect: true)
            try await fixture.eventually("replica-b to start as the standby", logs: [second]) { second.text.contains("costguard starting") }
            first.signal(SIGSTOP)
            let frozen = ContinuousClock.now
            let tookOver = try await fixture.eventually("replica-b to take the Lease", timeout: .seconds(45), logs: [second]) {
                try fixture.holder() == "replica-b"
            }
            // The lease is 15 s; the standby looks every 2 s.
            #expect(tookOver < .seconds(20), "took \(tookOver) to take over")
            // The new leader acts: a person's edit gets the ceiling back on top.
            _ = try fixture.cluster.patch(fixture.hpaType, namespace: FaultCluster.namespace, name: "web", patchType: .merge,
                                          patch: ["spec": ["maxReplicas": 50]])
            try await fixture.eventually("replica-b's ceiling over 50", logs: [second]) { try fixture.ceilingHolds(original: 50) }
            let before = fixture.cluster.requests.count
            first.signal(SIGCONT)
            try await Task.sleep(for: .seconds(6))
            let byFirst = fixture.cluster.requests.dropFirst(before)
                .filter { $0.userAgent?.contains("(replica-a)") == true && !["get", "list", "watch"].contains($0.verb) }
            // It may try to take the Lease back (and fail); nothing else.
            #expect(byFirst.allSatisfy { $0.resource == "leases" }, "the resumed replica wrote \(byFirst.map { "\($0.verb) \($0.resource)" })")
            #expect(try fixture.holder() == "replica-b")
            #expect(try fixture.ceilingHolds(original: 50))
            FaultLog.record("leader frozen (SIGSTOP) past its lease, then resumed", ContinuousClock.now - frozen)
            try await first.stop()
            var edited = try Self.withoutGuardAnnotations(try fixture.userView())
            edited["spec"]?["maxReplicas"] = 50
            try await Self.deleteAndExpectRestored(fixture, before: ["web": edited], logs: [second])
            try await second.stop()
        }
    }

    /// The finalizer write fails eight times (past the client's own retries, so whole passes go
    /// by without it): no HPA is changed until the guard carries it, so a deletion in between can
    /// never leave a ceiling behind.
    @Test func noHPAIsChangedBeforeTheFinalizerIsOn() async throws {
        try await FaultCluster.with { fixture in
            fixture.cluster.inject(Fault(.status(code: 500, retryAfterSeconds: nil), verb: "patch", resource: "costguards",
                                         subresource: "", times: 8))
            let process = try fixture.startOperator("only")
            let converged = try await fixture.eventually("the ceiling", logs: [process]) { try fixture.ceilingHolds() }
            let requests = fixture.cluster.requests
            let firstHPAWrite = try #require(requests.firstIndex { $0.resource == "horizontalpodautoscalers" && $0.verb == "patch" })
            let finalizerWritesBefore = requests[..<firstHPAWrite].filter { $0.resource == "costguards" && $0.verb == "patch" && $0.subresource == nil }
            // Eight refused, the ninth lands: only then may the HPA change.
            #expect(finalizerWritesBefore.count >= 9, "the HPA was patched after \(finalizerWritesBefore.count) finalizer writes, 8 of them refused")
            FaultLog.record("8 × 500 on the finalizer write", converged)
            try await process.stop()
        }
    }

    /// Someone strips the guard's finalizer and deletes it while its ceiling holds: the HPA names a
    /// guard that is gone, and the operator puts it back on its own.
    @Test func anHPALeftByAGuardThatIsGoneIsPutBack() async throws {
        try await FaultCluster.with { fixture in
            let before = try fixture.userView()
            let process = try fixture.startOperator("only")
            try await fixture.eventually("the ceiling", logs: [process]) { try fixture.ceilingHolds() }
            _ = try fixture.cluster.patch(fixture.guardType, namespace: nil, name: FaultCluster.guardName, patchType: .merge,
                                          patch: ["metadata": ["finalizers": .null]])
            _ = try fixture.cluster.delete(fixture.guardType, namespace: nil, name: FaultCluster.guardName)
            #expect(try fixture.guardObject() == nil)
            let converged = try await fixture.eventually("the HPA put back", logs: [process]) { try fixture.userView() == before }
            FaultLog.record("finalizer stripped by hand, guard deleted, ceiling on", converged)
            try await process.stop()
        }
    }

    // MARK: Helpers

    static func withoutGuardAnnotations(_ view: JSONValue) throws -> JSONValue {
        var view = view
        var annotations = view["annotations"]?.objectValue ?? [:]
        for key in annotations.keys where key.hasPrefix("costguard.dev/") && key != "costguard.dev/pods-per-node" {
            annotations[key] = nil
        }
        view["annotations"] = .object(annotations)
        return view
    }

    /// Deletes the guard and waits until it is gone; then every HPA is exactly as `before`.
    static func deleteAndExpectRestored(_ fixture: FaultCluster, before: [String: JSONValue], logs: [OperatorProcess]) async throws {
        _ = try fixture.cluster.delete(fixture.guardType, namespace: nil, name: FaultCluster.guardName)
        try await fixture.eventually("the guard to be finalized", logs: logs) { try fixture.guardObject() == nil }
        for (name, view) in before {
            let after = try fixture.userView(name)
            #expect(after == view, "\(name) not restored exactly: \(after.jsonString), before \(view.jsonString)")
        }
    }
}

/// Times to converge, printed for docs/faults.md.
enum FaultLog {
    static func record(_ fault: String, _ duration: Duration) {
        print("fault case: \(fault): converged in \(duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
    }
}
