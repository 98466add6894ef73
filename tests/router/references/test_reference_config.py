"""Reading marks from supergraphs, choosing owners and keys, refusing what cannot be enforced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devtools.composer import compose_directory
from router.engine import Engine
from router.references import ReferenceConfigError, reference_guards
from router.references.marks import read_marks
from router.references.owners import owning_subgraph
from router.supergraph import load_supergraph
from tests.router.engine.conftest import supergraph_sdl
from tests.router.engine.local_subgraphs import InProcessTransport
from tests.router.references.conftest import refs_supergraph
from tests.support.processes import PROJECT_ROOT

PROJECT_SUPERGRAPH = PROJECT_ROOT / "supergraph.graphql"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _compose(directory: Path) -> str:
    return compose_directory(directory / "subgraphs")


def _engine(sdl: str) -> Engine:
    return Engine(sdl, InProcessTransport({}))


def test_marks_are_read_under_the_linked_name() -> None:
    marks = read_marks(load_supergraph(refs_supergraph())[0].schema)
    assert marks.arguments == {
        ("Query", "ordersOf", "buyerId"): "User",
        ("Mutation", "placeOrder", "buyerId"): "User",
        ("Mutation", "follow", "userIds"): "User",
        ("Mutation", "tag", "userId"): "User",
        ("Mutation", "bookRoom", "room"): "Room",
    }
    assert marks.input_fields == {
        ("OrderInput", "productIds"): "Product",
        ("GiftInput", "recipientId"): "User",
    }


def test_the_spec_is_recognised_by_its_url_only() -> None:
    other = refs_supergraph().replace(
        "https://specs.fedcal.dev/references/v0.1", "https://example.com/references/v0.1"
    )
    assert reference_guards(_engine(other)) == ()


def test_supergraphs_without_marks_get_no_guard() -> None:
    assert reference_guards(_engine(supergraph_sdl("keys"))) == ()
    assert len(reference_guards(_engine(refs_supergraph()))) == 1


def test_unknown_referenced_type_is_refused_at_startup() -> None:
    sdl = refs_supergraph().replace(
        'tag(userId: ID @refersTo(type: "User")', 'tag(userId: ID @refersTo(type: "Usr")'
    )
    with pytest.raises(ReferenceConfigError, match="'Usr'"):
        _engine(sdl)


def test_value_that_cannot_express_a_key_is_refused_at_startup() -> None:
    sdl = refs_supergraph().replace(
        'tag(userId: ID @refersTo(type: "User")', 'tag(userId: ID @refersTo(type: "Room")'
    )
    with pytest.raises(ReferenceConfigError) as raised:
        _engine(sdl)
    message = str(raised.value)
    assert "Mutation.tag(userId:) references Room" in message
    assert "'building number'" in message and "catalog" in message


TIED_LEFT = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { a: Thing }
type Thing @key(fields: "id") { id: ID! a: Int }
"""
TIED_RIGHT = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@composeDirective"])
  @link(url: "https://specs.fedcal.dev/references/v0.1", import: ["@references"])
  @composeDirective(name: "@references")
directive @references(type: String!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
type Query { b: Thing }
type Mutation { touch(thingId: ID! @references(type: "Thing")): Int }
type Thing @key(fields: "id") { id: ID! b: Int }
"""


@needs_node
def test_tied_owners_are_refused_at_startup(tmp_path: Path) -> None:
    (tmp_path / "subgraphs").mkdir()
    (tmp_path / "subgraphs" / "left.graphql").write_text(TIED_LEFT)
    (tmp_path / "subgraphs" / "right.graphql").write_text(TIED_RIGHT)
    with pytest.raises(ReferenceConfigError, match="'left', 'right' each resolve 2 of its"):
        _engine(_compose(tmp_path))


def test_project_supergraph_marks_cross_subgraph_references() -> None:
    engine = _engine(PROJECT_SUPERGRAPH.read_text())
    marks = read_marks(engine.supergraph.schema)
    assert marks.arguments == {
        ("Mutation", "invite", "eventId"): "Event",
        ("Mutation", "invite", "inviteeId"): "User",
        ("Mutation", "joinEvent", "eventId"): "Event",
        ("Mutation", "shareCalendar", "granteeId"): "User",
    }
    assert marks.input_fields == {}
    owners = {name: owning_subgraph(engine.supergraph, name) for name in ("Event", "User")}
    assert owners == {"Event": "events", "User": "users"}
