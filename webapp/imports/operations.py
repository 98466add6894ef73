"""GraphQL operations of the import pages."""

IMPORTED_UIDS = "query ImportedUids($uids: [String!]!) { myImportedUids(uids: $uids) }"

IMPORT_EVENTS = """
mutation ImportEvents($events: [ImportEventInput!]!) {
  importEvents(events: $events) { created { id } skippedUids }
}
"""
