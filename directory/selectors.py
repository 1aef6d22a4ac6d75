"""Reads over people and the org tree: who supervises whom.

The tree is read in one query as (id -> parent, head, deputy), so walking it costs the same
however deep it is or however many units there are (a city has a few hundred).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from .models import OrgUnit, User


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    head_id: int | None
    deputy_id: int | None


def unit_tree() -> dict[int, UnitNode]:
    return {
        row[0]: UnitNode(*row)
        for row in OrgUnit.objects.values_list("id", "parent_id", "head_id", "deputy_id")
    }


def unit_tree_for(user: User) -> dict[int, UnitNode]:
    """The unit tree, read once per user object (that is, per request): a permission asked for every row
    of a list then costs no query per row."""
    tree = getattr(user, "_unit_tree", None)
    if tree is None:
        tree = user._unit_tree = unit_tree()
    return tree


def _ancestors(tree: dict[int, UnitNode], unit_id: int | None) -> Iterator[UnitNode]:
    """The unit itself, then its parents up to the root (a cycle, impossible via clean(), stops the walk)."""
    seen: set[int] = set()
    while unit_id is not None and unit_id in tree and unit_id not in seen:
        seen.add(unit_id)
        node = tree[unit_id]
        yield node
        unit_id = node.parent_id


def unit_and_ancestor_ids(unit_id: int | None) -> list[int]:
    """The unit and every unit above it (for rules granted to a unit and everything below it)."""
    return [node.id for node in _ancestors(unit_tree(), unit_id)]


def supervisor_id_of(person: User, tree: dict[int, UnitNode] | None = None) -> int | None:
    """The id of the person's line manager: the head of their unit, or of the next unit up that has one.

    A head's own requests go to the head of the parent unit (someone else), never to themselves.
    Absence of the head (and so the deputy) is decided by the approval workflow, not here.
    """
    tree = unit_tree() if tree is None else tree
    for node in _ancestors(tree, person.org_unit_id):
        if node.head_id is not None and node.head_id != person.pk:
            return node.head_id
    return None


def supervisor_of(person: User, tree: dict[int, UnitNode] | None = None) -> User | None:
    supervisor_id = supervisor_id_of(person, tree)
    return None if supervisor_id is None else User.objects.filter(pk=supervisor_id).first()


def deputy_id_for(person: User, tree: dict[int, UnitNode] | None = None) -> int | None:
    """The deputy of the unit whose head is the person's supervisor (the stand-in when the head is away)."""
    tree = unit_tree() if tree is None else tree
    for node in _ancestors(tree, person.org_unit_id):
        if node.head_id is not None and node.head_id != person.pk:
            return node.deputy_id if node.deputy_id != person.pk else None
    return None


def is_superior_of(user: User, person: User, tree: dict[int, UnitNode] | None = None) -> bool:
    """True when the user heads, or deputizes, the person's unit or a unit above it.

    A deputy stands in for the head towards the unit's staff, but is not the head's superior.
    """
    if user.pk == person.pk:
        return False
    tree = unit_tree_for(user) if tree is None else tree
    for node in _ancestors(tree, person.org_unit_id):
        if node.head_id == user.pk:
            return True
        if node.deputy_id == user.pk and node.head_id != person.pk:
            return True
    return False


def leads_unit(user: User, unit_id: int) -> bool:
    """True when the user heads or deputizes the unit or a unit above it."""
    return any(user.pk in (node.head_id, node.deputy_id) for node in _ancestors(unit_tree_for(user), unit_id))


def leads_a_unit(user_id: str) -> str:
    """The SQL condition true for a user row (its id column) that heads or deputizes a unit: what makes a
    supervisor (intranet.core.roles.with_roles)."""
    quote = connection.ops.quote_name
    unit, head, deputy = (quote(name) for name in (
        OrgUnit._meta.db_table, OrgUnit._meta.get_field("head").column, OrgUnit._meta.get_field("deputy").column))
    return f"EXISTS (SELECT 1 FROM {unit} WHERE {unit}.{head} = {user_id} OR {unit}.{deputy} = {user_id})"


def people_led_by(user: User, tree: dict[int, UnitNode] | None = None) -> QuerySet[User]:
    """Everyone the user is superior of (is_superior_of, as one query): their units and the units below."""
    tree = unit_tree_for(user) if tree is None else tree
    children: dict[int | None, list[int]] = {}
    for node in tree.values():
        children.setdefault(node.parent_id, []).append(node.id)

    def below(unit_id: int) -> set[int]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(children.get(current, []))
        return found

    headed: set[int] = set()
    deputized: dict[int, int | None] = {}
    for node in tree.values():
        if node.head_id == user.pk:
            headed |= below(node.id)
        elif node.deputy_id == user.pk:
            deputized[node.id] = node.head_id
    query = Q(org_unit_id__in=headed)
    for unit_id, head_id in deputized.items():
        units = below(unit_id) - headed
        query |= Q(org_unit_id__in=units) & ~Q(pk=head_id) if head_id else Q(org_unit_id__in=units)
    if not headed and not deputized:
        return User.objects.none()
    return User.objects.filter(query).exclude(pk=user.pk)


# --- The address book ---------------------------------------------------------------------------

def people_search(query: str = "", unit_id: int | None = None) -> QuerySet[User]:
    """Active people matching every word of the query in name, title, room, phone, tasks or unit.

    Words are folded (directory.search), so Müller, Mueller and Muller find each other, and Bürgerbüro
    finds the people of the unit "Bürgerbüro" however it is typed: everything is in the one folded column.
    """
    people = people_matching(
        User.objects.filter(is_active=True).select_related("org_unit").order_by("last_name", "first_name"), query)
    if unit_id is not None:
        people = people.filter(org_unit_id=unit_id)
    return people


def people_matching(people: QuerySet[User], query: str) -> QuerySet[User]:
    """Those of `people` matching every word of the query (people_search's words; the API's filter)."""
    from .search import fold_query

    for word in fold_query(query):
        people = people.filter(search_text__contains=word)
    return people


def unit_members(unit: OrgUnit) -> list[User]:
    """The unit's active people, head first, then the deputy, then everyone by name."""
    people = list(User.objects.filter(org_unit=unit, is_active=True).order_by("last_name", "first_name"))
    rank = {unit.head_id: 0, unit.deputy_id: 1}
    return sorted(people, key=lambda p: rank.get(p.pk, 2))
