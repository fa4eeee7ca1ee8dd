/// metav1.ListMeta: the collection's resourceVersion and the paging token.
package struct ListMeta: Codable, Sendable, Hashable {
    package var resourceVersion: String?
    package var `continue`: String?
    package var remainingItemCount: Int64?

    package init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}
