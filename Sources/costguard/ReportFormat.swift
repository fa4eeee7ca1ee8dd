import ArgumentParser

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown, html
}
