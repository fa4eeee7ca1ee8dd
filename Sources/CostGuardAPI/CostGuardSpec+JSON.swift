import KubeModel

extension CostGuardSpec {
    /// The spec as the API writes it, every default explicit; reading it back gives the same spec.
    package var json: JSONValue {
        var capFields: [String: JSONValue] = [:]
        if let maxNodes = caps.maxNodes { capFields["maxNodes"] = .int(Int64(maxNodes)) }
        if let spend = caps.maxHourlySpend { capFields["maxHourlySpend"] = .string(spend.description) }
        if let budget = caps.monthlyBudget { capFields["monthlyBudget"] = .string(budget.description) }

        var pricingFields: [String: JSONValue] = [
            "currency": .string(pricing.currency),
            "defaultNodeHourly": .string(pricing.defaultNodeHourly.description),
            "instanceTypes": .object(pricing.instanceTypes.mapValues { .string($0.description) }),
            "capacityTypeFactors": .object(pricing.capacityTypeFactors.mapValues { .string($0.description) }),
        ]
        if let url = pricing.openCostURL { pricingFields["openCost"] = .object(["url": .string(url)]) }

        var signalFields: [String: JSONValue] = ["interval": .string(signals.interval.description)]
        if let prom = signals.prometheus {
            var fields: [String: JSONValue] = ["url": .string(prom.url), "requestRate": .string(prom.requestRate)]
            let optional: [(String, String?)] = [
                ("clientErrorRatio", prom.clientErrorRatio), ("conversionRatio", prom.conversionRatio),
                ("routes", prom.routes), ("sources", prom.sources), ("uniqueSources", prom.uniqueSources),
                ("newSourceRatio", prom.newSourceRatio),
            ]
            for (key, query) in optional { if let query { fields[key] = .string(query) } }
            signalFields["prometheus"] = .object(fields)
        }
        if let logs = signals.accessLogs {
            var fields: [String: JSONValue] = [
                "delay": .string(logs.delay.description),
                "conversions": .array(logs.conversions.map { .string($0) }),
            ]
            switch logs.receivers {
            case .url(let url): fields["url"] = .string(url)
            case .service(let namespace, let name, let port):
                fields["service"] = .object(["namespace": .string(namespace), "name": .string(name), "port": .int(Int64(port))])
            }
            signalFields["accessLogs"] = .object(fields)
        }

        var rateLimitFields: [String: JSONValue] = [
            "enabled": .bool(actions.rateLimit.enabled),
            "surgeAverage": .int(Int64(actions.rateLimit.surgeAverage)),
            "surgeBurst": .int(Int64(actions.rateLimit.surgeBurst)),
        ]
        if let namespace = actions.rateLimit.middlewareNamespace, let name = actions.rateLimit.middlewareName {
            rateLimitFields["middleware"] = .object(["namespace": .string(namespace), "name": .string(name)])
        }
        var poolFields: [String: JSONValue] = [:]
        if let selector = actions.nodePools.karpenterNodePoolSelector { poolFields["karpenterNodePoolSelector"] = selector.json }
        if let selector = actions.nodePools.clusterAPIMachineDeploymentSelector {
            poolFields["clusterAPIMachineDeploymentSelector"] = selector.json
        }

        return .object([
            "mode": .string(mode.rawValue),
            "targets": .object([
                "namespaceSelector": targets.namespaceSelector.json,
                "hpaSelector": targets.hpaSelector.json,
                "nodeSelector": targets.nodeSelector.json,
            ]),
            "caps": .object(capFields),
            "pricing": .object(pricingFields),
            "signals": .object(signalFields),
            "detection": .object([
                "sensitivity": .string(detection.sensitivity.rawValue),
                "warmup": .string(detection.warmup.description),
                "holdDown": .string(detection.holdDown.description),
            ]),
            "actions": .object([
                "pauseScaleUp": .object(["enabled": .bool(actions.pauseScaleUp.enabled),
                                         "response": .string(actions.pauseScaleUp.response.rawValue)]),
                "denyList": .object([
                    "enabled": .bool(actions.denyList.enabled),
                    "provider": .string(actions.denyList.provider.rawValue),
                    "name": .string(actions.denyList.name),
                    "ttl": .string(actions.denyList.ttl.description),
                    "maxEntries": .int(Int64(actions.denyList.maxEntries)),
                    "neverDeny": .array(actions.denyList.neverDeny.map { .string($0.description) }),
                ]),
                "rateLimit": .object(rateLimitFields),
                "nodePools": .object(poolFields),
            ]),
        ])
    }
}

extension LabelSelector {
    var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        if let labels = matchLabels { fields["matchLabels"] = .object(labels.mapValues { .string($0) }) }
        if let expressions = matchExpressions {
            fields["matchExpressions"] = .array(expressions.map { requirement in
                var item: [String: JSONValue] = ["key": .string(requirement.key),
                                                 "operator": .string(requirement.operator.rawValue)]
                if let values = requirement.values { item["values"] = .array(values.map { .string($0) }) }
                return .object(item)
            })
        }
        return .object(fields)
    }
}
