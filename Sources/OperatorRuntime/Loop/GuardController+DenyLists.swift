import CostGuardAPI
import Foundation
import KubeClient
import KubeModel

extension GuardController {
    /// Converges every deny set an Enforce-mode guard names, and every set CostGuard marked that
    /// no guard claims any more (a guard deleted, renamed its set or went to DryRun). Leader only.
    /// Sets are read like the other external objects (`readExternal`); unlike them, CostGuard
    /// creates a set on its first entry and deletes the set it created once no guard uses it.
    func enforceDenyLists(runtimes: [String: GuardRuntime], guards: [String: GuardObject], now: Date,
                          state: inout ExternalObjectsState, report: inout CycleReport) async -> ExternalOutcome {
        typealias Provider = CostGuardSpec.Actions.DenyList.Provider
        var claims: [Provider: [ObjectRef: [DenyClaim]]] = [:]
        var named: [Provider: [ObjectRef: [String]]] = [:]
        // The ranges never to list: every node's pod ranges and addresses, kept from the watch.
        let protected = cache.nodes.clusterRanges()
        for (name, runtime) in runtimes where guards[name]?.enforcing == true && runtime.spec.actions.denyList.enabled {
            let config = runtime.spec.actions.denyList
            let ref = ObjectRef(namespace: nil, name: config.name)
            named[config.provider, default: [:]][ref, default: []].append(name)
            if let claim = runtime.denyClaim() { claims[config.provider, default: [:]][ref, default: []].append(claim) }
        }
        var outcome = ExternalOutcome()
        for provider in Provider.allCases {
            let kind = Self.denySetKind(provider)
            let guardsNaming = named[provider] ?? [:]
            guard state.needsRead(kind, used: !guardsNaming.isEmpty) else { continue }
            let read: (Resource, [ObjectRef: JSONValue])?
            do {
                read = try await readExternal(kind, named: Set(guardsNaming.keys), state: &state)
            } catch {
                report.fail("reading \(provider.rawValue) deny sets", error, verb: "list", resource: kind.key)
                for name in guardsNaming.values.joined() { outcome.failures[name] = "reading \(provider.rawValue) deny sets: \(error)" }
                outcome.incomplete = true
                continue
            }
            guard let (resource, sets) = read else {
                for name in guardsNaming.values.joined() {
                    outcome.failures[name] = state.forbidden[kind.key] == nil
                        ? "no \(provider.rawValue) API in this cluster (is \(provider == .ciliumCIDRGroup ? "Cilium" : "Calico") installed?)"
                        : Self.unavailable(kind, state: state)
                }
                continue
            }
            let setKind = DenySetKind.candidates(provider).first { $0.resource == resource } ?? DenySetKind.candidates(provider)[0]
            var marked: [ObjectRef: [String]] = [:]
            for ref in Set(sets.keys).union(guardsNaming.keys).sorted() {
                let onSet = claims[provider]?[ref] ?? []
                let convergence = DenyListConvergence(set: sets[ref], kind: setKind, name: ref.name, claims: onSet,
                                                      protected: protected, now: now)
                // Marked while a guard claims it and it exists (a claim with nothing to deny creates nothing).
                if let unreadable = convergence.unreadable {
                    logger.warning("deny set records unreadable", metadata: ["set": "\(setKind.kind)/\(ref.name)", "problem": "\(unreadable)"])
                    for name in guardsNaming[ref] ?? [] { outcome.unreadable[name, default: []].append(unreadable) }
                }
                if convergence.refused > 0 {
                    for name in guardsNaming[ref] ?? [] { outcome.denyRefused[name, default: 0] += convergence.refused }
                }
                let exists = sets[ref] != nil || convergence.action != .none
                if !onSet.isEmpty, exists { marked[ref] = onSet.map(\.guardName).sorted() }
                do {
                    try await apply(convergence, kind: setKind, name: ref.name, report: &report)
                } catch {
                    // Not converged: the guards with entries on it still hold it.
                    let recorded = sets[ref]?.value(atPath: "metadata.annotations")?[DenyRecord.annotation]?.stringValue
                    marked[ref] = Array(Set(DenyRecord.decode(recorded).map(\.guardName) + onSet.map(\.guardName))).sorted()
                    outcome.incomplete = true
                    if let error = error as? KubeError, error.isConflict { continue }
                    report.fail("writing \(setKind) \(ref.name)", error, verb: "patch", resource: kind.key)
                    for name in guardsNaming[ref] ?? [] { outcome.failures[name] = "writing \(setKind) \(ref.name): \(error)" }
                }
            }
            state.marked[kind.key] = marked
        }
        return outcome
    }

    /// A deny-list provider as an external kind: its API versions, preferred first.
    static func denySetKind(_ provider: CostGuardSpec.Actions.DenyList.Provider) -> ExternalKind {
        let candidates = DenySetKind.candidates(provider)
        return ExternalKind(key: provider.rawValue, kind: candidates[0].kind, candidates: candidates.map(\.resource), listAll: false)
    }

    private func apply(_ convergence: DenyListConvergence, kind: DenySetKind, name: String, report: inout CycleReport) async throws {
        let change: String
        switch convergence.action {
        case .none:
            return
        case .create(let body):
            _ = try await client.create(kind.resource, body: body, fieldManager: "costguard", as: .json)
            change = "created with " + convergence.summary.joined(separator: ", ")
        case .patch(let patch):
            _ = try await client.patch(kind.resource, name: name, .merge(patch), fieldManager: "costguard", as: .json)
            change = convergence.summary.isEmpty ? "records updated" : convergence.summary.joined(separator: ", ")
        case .delete:
            do { try await client.delete(kind.resource, name: name) } catch let error as KubeError where error.isNotFound {}
            change = "deleted (no guard uses it)"
        }
        report.hpaWrites.append("\(kind.kind) \(name): \(change)")
        logger.info("deny set converged", metadata: ["set": "\(kind.kind)/\(name)", "change": "\(change)",
                                                     "entries": "\(convergence.entries.count)"])
    }
}
