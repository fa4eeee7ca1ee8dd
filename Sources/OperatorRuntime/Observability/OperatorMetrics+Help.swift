extension OperatorMetrics {
    /// The `# HELP` text of every family the operator exports.
    static let help: [String: String] = [
        Name.surgeScore: "The guard's surge score in [0, 1] at its last evaluation (1: attack-like surge).",
        Name.verdict: "1 for the guard's verdict at its last evaluation (class: warmup, steady, organic, surge), 0 for the others.",
        Name.nodes: "Nodes the guard counts toward its caps, at its last evaluation.",
        Name.hourlySpend: "The guard's hourly spend on the nodes it counts, in its pricing currency, at its last evaluation.",
        Name.pausedWorkloads: "Workloads whose scale-up the guard holds paused.",
        Name.deniedPrefixes: "Client prefixes on the guard's deny list.",
        Name.guardPhase: "1 for the guard's phase (as in its status), 0 for the others.",
        Name.actions: "Actions taken on other objects, by guard, kind and result (applied, dry_run, failed).",
        Name.reconcileDuration: "Time one reconcile of one guard took.",
        Name.reconciles: "Reconciles by kind (guard: one CostGuard; enforcer: the objects guards share) and result (retry: failed or met a 409 Conflict, queued again after an exponential backoff).",
        Name.apiErrors: "Failed Kubernetes API requests, by verb, resource and HTTP status (0: no response).",
        Name.leader: "1 while this instance holds the leader-election Lease and acts, 0 otherwise.",
        Name.evaluations: "Evaluations of the guard.",
        Name.monthToDateSpend: "The guard's spend so far this calendar month (UTC), in its pricing currency.",
        Name.monthlyBudget: "The guard's caps.monthlyBudget, in its pricing currency; absent when it sets none.",
        Name.buildInfo: "Always 1; the labels name the build of the running costguard.",
        Name.cacheStaleness: "Seconds since the cache of this resource last heard from the API server (0 while its watch is open); readiness turns false past 45.",
        ProcessMetrics.Name.cpuSeconds: "User and system CPU time the process has used, in seconds.",
        ProcessMetrics.Name.residentMemory: "Resident memory of the process, in bytes.",
        ProcessMetrics.Name.virtualMemory: "Virtual memory of the process, in bytes.",
        ProcessMetrics.Name.startTime: "When the process started, in seconds since the Unix epoch.",
        ProcessMetrics.Name.openFileDescriptors: "Open file descriptors of the process.",
        ProcessMetrics.Name.maxFileDescriptors: "The process's limit of open file descriptors.",
    ]
}
