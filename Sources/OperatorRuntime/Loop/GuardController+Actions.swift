import Foundation
import KubeClient
import KubeModel

/// Carrying out the enforcer's actions, whatever their kind: one request each, in order.
extension GuardController {
    /// What carrying out a list came to: per claimant, the failure to report; and the actions
    /// that did not land (a conflict, an object gone since read, a failure).
    struct CarriedOut {
        var failures: [String: String] = [:]
        var unwritten: [EnforcementAction] = []
    }

    /// A 409 Conflict (the object changed since it was read) is not a failure: it is counted in
    /// `report.conflicts` and the enforcer retries with backoff from what is there then. An HPA
    /// deleted meanwhile has nothing left to converge; any other object gone since read is
    /// looked at again.
    func carryOut(_ actions: [EnforcementAction], report: inout CycleReport) async -> CarriedOut {
        var result = CarriedOut()
        for action in actions {
            do {
                try await perform(action)
                report.hpaWrites.append(action.reportLine)
                logger.info("\(action.kind) converged", metadata: ["object": "\(action.ref)",
                                                                   "change": "\(action.summary.joined(separator: ", "))",
                                                                   "heldBy": "\(action.heldBy.joined(separator: ","))"])
            } catch let error as KubeError where error.isConflict {
                logger.debug("\(action.kind) changed under us", metadata: ["object": "\(action.ref)", "error": "\(error)"])
                report.conflicts += 1
                result.unwritten.append(action)
            } catch let error as KubeError where error.isNotFound {
                if action.kindKey != EnforcementAction.hpaKindKey { result.unwritten.append(action) }
            } catch {
                let what = "\(Self.doing(action.verb)) \(action.kindKey == EnforcementAction.hpaKindKey ? "HPA" : action.kind) \(action.ref)"
                report.fail(what, error, verb: Self.verb(action.verb), resource: action.resource.plural)
                for name in action.claimants { result.failures[name] = "\(what): \(error)" }
                result.unwritten.append(action)
            }
        }
        return result
    }

    private func perform(_ action: EnforcementAction) async throws {
        switch action.verb {
        case .create(let body):
            _ = try await client.create(action.resource, namespace: action.ref.namespace, body: body, fieldManager: "costguard", as: .json)
        case .patch(let patch) where action.kindKey == EnforcementAction.hpaKindKey:
            try await patchHPA(namespace: action.ref.namespace ?? "", name: action.ref.name, patch: patch)
        case .patch(let patch):
            _ = try await client.patch(action.resource, name: action.ref.name, namespace: action.ref.namespace, .merge(patch),
                                       fieldManager: "costguard", as: .json)
        case .delete:
            // Gone already is as good as deleted.
            do { try await client.delete(action.resource, name: action.ref.name, namespace: action.ref.namespace) }
            catch let error as KubeError where error.isNotFound {}
        }
    }

    private static func doing(_ verb: EnforcementAction.Verb) -> String {
        switch verb {
        case .create: "creating"
        case .patch: "patching"
        case .delete: "deleting"
        }
    }

    private static func verb(_ verb: EnforcementAction.Verb) -> String {
        switch verb {
        case .create: "create"
        case .patch: "patch"
        case .delete: "delete"
        }
    }
}
