"""The D-Bus contract of pgmd, read from dbus/org.pgmd1.*.xml, in a form that
can be compared with what a running pgmd introspects as.

    contract = load_contract("org.pgmd1.Group")
    live = parse_interface(introspection_xml, "org.pgmd1.Group")
    assert live == contract
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pgmd_node import SOURCE_ROOT

EMITS_CHANGED = "org.freedesktop.DBus.Property.EmitsChangedSignal"
# What a property without the annotation means (D-Bus specification).
EMITS_CHANGED_DEFAULT = "true"
# How `busctl introspect` shows each EmitsChangedSignal value in its flags column.
BUSCTL_FLAG = {"true": "emits-change", "invalidates": "emits-invalidation", "const": "const", "false": ""}


@dataclass(frozen=True)
class Property:
    type: str
    access: str
    emits_changed: str


@dataclass
class Interface:
    name: str
    # method name -> [(arg name, type, direction)]
    methods: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    # signal name -> [(arg name, type)]
    signals: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)

    def in_signature(self, method: str) -> str:
        return "".join(t for _n, t, d in self.methods[method] if d == "in")

    def out_signature(self, method: str) -> str:
        return "".join(t for _n, t, d in self.methods[method] if d == "out")

    def signal_signature(self, signal: str) -> str:
        return "".join(t for _n, t in self.signals[signal])


def _annotation(element: ET.Element, name: str, default: str) -> str:
    for annotation in element.findall("annotation"):
        if annotation.get("name") == name:
            return annotation.get("value")
    return default


def parse_interface(xml_text: str, name: str) -> Interface:
    """The interface `name` of an introspection document; AssertionError if absent."""
    root = ET.fromstring(xml_text)
    element = next((i for i in root.iter("interface") if i.get("name") == name), None)
    if element is None:
        raise AssertionError(f"interface {name} is not in the introspection data")
    interface = Interface(name)
    for method in element.findall("method"):
        interface.methods[method.get("name")] = [
            (arg.get("name"), arg.get("type"), arg.get("direction", "in")) for arg in method.findall("arg")]
    for signal in element.findall("signal"):
        interface.signals[signal.get("name")] = [(arg.get("name"), arg.get("type"))
                                                 for arg in signal.findall("arg")]
    for prop in element.findall("property"):
        interface.properties[prop.get("name")] = Property(
            prop.get("type"), prop.get("access"),
            _annotation(prop, EMITS_CHANGED, EMITS_CHANGED_DEFAULT))
    return interface


def load_contract(name: str) -> Interface:
    """org.pgmd1.Manager or org.pgmd1.Group, from the XML file of that name."""
    path = SOURCE_ROOT / "dbus" / f"{name}.xml"
    return parse_interface(path.read_text(encoding="utf-8"), name)


@dataclass(frozen=True)
class BusctlRow:
    kind: str       # method, property, signal
    signature: str
    result: str     # a method's out signature; a property's value
    flags: str


def parse_busctl_introspect(text: str, interface: str) -> dict[str, BusctlRow]:
    """Rows of `busctl introspect` (the table) that belong to `interface`,
    by member name."""
    rows: dict[str, BusctlRow] = {}
    current = None
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 4:
            continue
        if parts[1] == "interface":
            current = parts[0]
            continue
        if current != interface or not parts[0].startswith("."):
            continue
        # NAME TYPE SIGNATURE RESULT/VALUE FLAGS; values may contain spaces,
        # the flags column is the last word.
        name, kind, signature = parts[0][1:], parts[1], parts[2]
        flags = parts[-1] if len(parts) > 4 else "-"
        rows[name] = BusctlRow(kind, signature, " ".join(parts[3:-1]) if len(parts) > 4 else parts[3],
                               "" if flags == "-" else flags)
    return rows
