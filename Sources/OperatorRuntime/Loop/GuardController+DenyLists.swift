import CostGuardAPI
import Foundation
import KubeClient
import KubeModel

/// What the deny-list pass found: the kind each provider resolved to, the sets CostGuard has
/// marked (so sets no guard names any more are still cleaned up), and the guards whose entries
/// could not be removed yet (their finalizer stays).
struct DenyListState: Sendable {
    var resolved: [CostGuardSpec.Actions.DenyList.Provider: DenySetKind] = [:]
    var scanned: Set<CostGuardSpec.Actions.DenyList.Provider> = []
    var marked: [CostGuardSpec.Actions.DenyList.Provider: Set<String>] = [:]
}

extension GuardController {
    struct DenySetTarget: Hashable {
        var provider: CostGuardSpec.Actions.DenyList.Provider
        var name: String
    }

    /// Converges every deny set an Enforce-mode guard names, and every set CostGuard marked that
    /// no guard claims any more (a guard deleted, renamed its set or went to DryRun). Leader only.
    /// Returns the guards that still have entries somewhere, and per guard the failure to report.
    func enforceDenyLists(runtimes: [String: GuardRuntime], guards: [String: GuardObject], nodes: StoreSnapshot<Node>,
                          now: Date, state: inout DenyListState, report: inout CycleReport)
        async -> (holding: Set<String>, failures: [String: String]) {
        var claims: [DenySetTarget: [DenyClaim]] = [:]
        var named: [DenySetTarget: [String]] = [:]
        for (name, runtime) in runtimes where guards[name]?.enforcing == true && runtime.spec.actions.denyList.enabled {
            let config = runtime.spec.actions.denyList
            let target = DenySetTarget(provider: config.provider, name: config.name)
            named[target, default: []].append(name)
            if let claim = runtime.denyClaim() { claims[target, default: []].append(claim) }
        }
        var holding: Set<String> = []
        var failures: [String: String] = [:]
        let releasing = Set(guards.values.filter(\.deleting).map(\.name))
        let providers = Set(named.keys.map(\.provider))
        let protected = named.isEmpty && state.marked.values.allSatisfy(\.isEmpty) ? [] : GuardedCluster.clusterPrefixes(nodes)

        for provider in CostGuardSpec.Actions.DenyList.Provider.allCases {
            let needed = providers.contains(provider) || !(state.marked[provider] ?? []).isEmpty || !state.scanned.contains(provider)
            guard needed else { continue }
            // The sets CostGuard marked, which also finds the API version the cluster serves.
            let listed: (DenySetKind, [JSONValue])?
            do {
                listed = try await markedSets(provider, state: &state)
            } catch {
                let failure = "listing \(provider.rawValue) deny sets: \(error)"
                report.fail("listing \(provider.rawValue) deny sets", error, verb: "list", resource: provider.rawValue)
                for (target, names) in named where target.provider == provider { for name in names { failures[name] = failure } }
                holding.formUnion(releasing)
                continue
            }
            state.scanned.insert(provider)
            guard let (kind, sets) = listed else {
                // No such API in this cluster: guards that name it are told so.
                state.marked[provider] = []
                for (target, names) in named where target.provider == provider {
                    for name in names { failures[name] = "no \(provider.rawValue) API in this cluster (is \(provider == .ciliumCIDRGroup ? "Cilium" : "Calico") installed?)" }
                }
                continue
            }
            var current: [String: JSONValue] = [:]
            for set in sets { if let name = set.value(atPath: "metadata.name")?.stringValue { current[name] = set } }
            let targets = Set(current.keys).union(named.keys.filter { $0.provider == provider }.map(\.name))
            var stillMarked: Set<String> = []
            for name in targets.sorted() {
                let target = DenySetTarget(provider: provider, name: name)
                do {
                    var set = current[name]
                    if set == nil { set = try await fetchSet(kind, name: name) }
                    let convergence = DenyListConvergence(set: set, kind: kind, name: name, claims: claims[target] ?? [],
                                                          protected: protected, now: now)
                    try await apply(convergence, kind: kind, name: name, report: &report)
                    // Marked while a guard claims it and it exists (a claim with nothing to deny creates nothing).
                    if !(claims[target] ?? []).isEmpty, set != nil || convergence.action != .none { stillMarked.insert(name) }
                } catch let error as KubeError where error.isConflict {
                    // Changed since read: the next pass starts again from what is there.
                    stillMarked.insert(name)
                    holding.formUnion(releasing)
                } catch {
                    stillMarked.insert(name)
                    let failure = "writing \(kind) \(name): \(error)"
                    report.fail("writing \(kind) \(name)", error, verb: "patch", resource: kind.resource.plural)
                    for guardName in named[target] ?? [] { failures[guardName] = failure }
                    holding.formUnion(releasing)
                }
            }
            state.marked[provider] = stillMarked
        }
        return (holding, failures)
    }

    /// The marked sets of a provider, from the first API version the cluster serves; nil when it
    /// serves none (404 on the collection means the resource is not served at all).
    private func markedSets(_ provider: CostGuardSpec.Actions.DenyList.Provider,
                            state: inout DenyListState) async throws -> (DenySetKind, [JSONValue])? {
        let candidates = state.resolved[provider].map { [$0] } ?? DenySetKind.candidates(provider)
        for kind in candidates {
            do {
                let list = try await client.listAll(kind.resource, options: ListOptions(
                    labelSelector: "\(ExternalMarks.changedLabel)=\(ExternalMarks.changedValue)"), as: .json)
                state.resolved[provider] = kind
                return (kind, list.items.map(\.json))
            } catch let error as KubeError where error.isNotFound {
                state.resolved[provider] = nil
                continue
            }
        }
        return nil
    }

    private func fetchSet(_ kind: DenySetKind, name: String) async throws -> JSONValue? {
        do {
            return try await client.get(kind.resource, name: name, as: .json).json
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
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
