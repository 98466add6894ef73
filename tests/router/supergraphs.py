"""Subgraph sets shared by several test modules (composition is cached by content)."""

from __future__ import annotations

from tests.router.conftest import Federation, federation

# catalog serves the products; pricing prices them (and knows them by `sku` too); shipping
# derives costs from prices in two currencies (@requires with arguments); users owns users,
# whose `nick` catalog provides below `Product.owner`. `Dims` and `Stats` are value types
# spread over catalog and pricing.
SHOP = {
    "catalog": """
type Query {
  products: [Product!]!
  product(id: ID!): Product
  stats: Stats @shareable
}
type Product @key(fields: "id") {
  id: ID!
  name: String! @shareable
  dims: Dims @shareable
  owner: User @provides(fields: "nick")
}
type User @key(fields: "id") {
  id: ID!
  nick: String @external
}
type Dims @shareable {
  w: Int
}
type Stats @shareable {
  count: Int
}
""",
    "pricing": """
type Query {
  stats: Stats @shareable
}
type Product @key(fields: "id") @key(fields: "sku") {
  id: ID!
  sku: String!
  name: String! @shareable
  price(currency: String! = "EUR"): Int!
  dims: Dims @shareable
}
type Dims @shareable {
  h: Int
}
type Stats @shareable {
  revenue: Int
}
""",
    "shipping": """
type Product @key(fields: "id") {
  id: ID!
  price(currency: String! = "EUR"): Int! @external
  usCost: Int! @requires(fields: "price(currency: \\"USD\\")")
  euCost: Int! @requires(fields: "price(currency: \\"EUR\\")")
  euTax: Int! @requires(fields: "price(currency: \\"EUR\\")")
}
""",
    "users": """
type Query {
  me: User
}
type User @key(fields: "id") {
  id: ID!
  nick: String
  email: String
}
""",
}

# legacy serves products; modern overrides `upc` (still in legacy's `upc` key:
# usedOverridden), `price` (always) and `color` (behind the "fancy" label); reviews is
# reached through the `upc` key only.
OVERRIDE = {
    "legacy": """
type Query {
  products: [Product!]!
}
type Product @key(fields: "id") @key(fields: "upc") {
  id: ID!
  upc: String!
  name: String!
  price: Int!
  color: String!
}
""",
    "modern": """
type Product @key(fields: "id") {
  id: ID!
  upc: String! @override(from: "legacy")
  price: Int! @override(from: "legacy")
  color: String! @override(from: "legacy", label: "fancy")
}
""",
    "reviews": """
type Product @key(fields: "upc") {
  upc: String!
  stars: Int!
}
""",
}

# media owns the entity interface Media (and its object types); reviews adds fields to
# Media as an @interfaceObject. Account's `id` key is not resolvable in media.
MEDIA = {
    "media": """
type Query {
  media: [Media!]!
  account: Account
}
interface Media @key(fields: "id") {
  id: ID!
  title: String!
}
type Book implements Media @key(fields: "id") {
  id: ID!
  title: String!
  author: String!
}
type Movie implements Media @key(fields: "id") {
  id: ID!
  title: String!
}
type Account @key(fields: "id", resolvable: false) @key(fields: "email") {
  id: ID!
  email: String!
}
""",
    "reviews": """
type Query {
  topRated: [Media!]!
}
type Media @key(fields: "id") @interfaceObject {
  id: ID!
  score: Int!
}
type Account @key(fields: "id") {
  id: ID!
  handle: String!
}
""",
}

# `a` and `b` both serve the `ping` mutation.
MUTATIONS = {
    "a": "type Query { n: Int }\ntype Mutation { add: Int ping: Int @shareable reset: Int }",
    "b": "type Mutation { log: Int ping: Int @shareable }",
}

# `asset` is served by both; each knows the other's object type only by an @external id
# (composes, yet no single subgraph reaches `id` for both possible types).
UNPLANNABLE = {
    "ledger": """
type Query { asset(id: ID!): Asset @shareable }
interface Asset { id: ID! }
type Coin implements Asset @key(fields: "id") { id: ID! mint: String! }
type Bond implements Asset @key(fields: "id") { id: ID! @external issuer: String! }
""",
    "vault": """
type Query { asset(id: ID!): Asset @shareable }
interface Asset { id: ID! }
type Coin implements Asset @key(fields: "id") { id: ID! @external }
type Bond implements Asset @key(fields: "id") { id: ID! vaultCode: String! }
""",
}


def shop() -> Federation:
    """The SHOP supergraph."""
    return federation(**SHOP)


def override() -> Federation:
    """The OVERRIDE supergraph."""
    return federation(**OVERRIDE)


def media() -> Federation:
    """The MEDIA supergraph."""
    return federation(**MEDIA)
