#!/usr/bin/env python3
"""Which kernel sources a board needs: every source, except that a driver
(a file that defines a DRIVER() table entry) is built only when an enabled
node of the board's device tree names one of its compatible strings. The
image embeds that one tree, so a driver it does not name could never bind.

Usage: board-drivers.py <board.dtb> <out.cmake> <source>...
Writes <out.cmake>, which sets BOARD_SOURCES (the sources to build),
BOARD_DRIVER_SOURCES (every driver source: the choice depends on their
compatible lists) and BOARD_DRIVERS_LEFT_OUT. Fails, naming the file, on a driver whose compatible
list it cannot read; and on a /chosen stdout-path that names no enabled
node a driver handles, or one the kernel does not map (not on the root, a
simple-bus with an empty ranges or, as its own bus, an isa bus, or under a
disabled one):
the image would find no console and stop without a word (status 2)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fdtlib  # noqa: E402

DRIVER_RE = re.compile(r"^DRIVER\(\s*(\w+)\s*\)", re.M)
COMPAT_FIELD_RE = re.compile(r"\.compatible\s*=\s*(\w+)\s*,")


def driver_compatibles(path, text):
    """The compatible strings of each DRIVER() in `text`; [] when the file
    defines no driver."""
    drivers = DRIVER_RE.findall(text)
    arrays = COMPAT_FIELD_RE.findall(text)
    if len(arrays) != len(drivers):
        raise ValueError(f"{path}: {len(drivers)} DRIVER() entries but "
                         f"{len(arrays)} '.compatible = <array>,' fields")
    out = []
    for name in arrays:
        m = re.search(r"\b" + name + r"\s*\[\s*\]\s*=\s*\{([^}]*)\}", text)
        strings = re.findall(r'"([^"]+)"', m.group(1)) if m else []
        if not strings or not m.group(1).rstrip().rstrip(",").endswith("NULL"):
            raise ValueError(f"{path}: cannot read the compatible list "
                             f"'{name}' (a NULL-terminated array of string "
                             "literals)")
        out.append(strings)
    return out


def board_compatibles(tree):
    return {c for n in tree.root.walk() if n.enabled()
            for c in n.strings("compatible")}


def stdout_node(tree):
    """The node /chosen stdout-path names ("path[:options]", or an alias
    of /aliases), None without one; ValueError when it names none."""
    chosen = tree.find("/chosen")
    path = chosen.string("stdout-path") if chosen else None
    if path is None:
        return None
    try:
        node = tree.find_path(path.split(":", 1)[0])
    except ValueError as e:
        raise ValueError(f"stdout-path '{path}': {e}") from None
    if node is None:
        raise ValueError(f"stdout-path '{path}' names no node of the tree")
    if not node.enabled():
        raise ValueError(f"stdout-path '{path}' names a disabled node")
    # The kernel maps the windows of enabled nodes on the root or on a
    # simple-bus with an empty ranges (memmap.h); an isa bus is port I/O,
    # for its own children only (fdt_reg()). A console elsewhere binds,
    # then faults on its first byte once the MMU is on, and no report can
    # get out.
    bus = node.parent
    while bus is not None and bus.parent is not None:
        compat = bus.strings("compatible")
        # fdt_reg_local()/isa_reg(): an isa bus's own addresses, on a bus
        # with no `ranges`, in I/O space (1) only.
        isa = ("isa" in compat and bus is node.parent
               and "ranges" not in bus.props
               and [a >> 32 for a, _ in tree.reg(node)][:1] == [1])
        if not bus.enabled() or (not isa and (
                "simple-bus" not in compat or bus.props.get("ranges") != b"")):
            raise ValueError(
                f"stdout-path '{path}' names {node.path}, which is not mapped: "
                f"{bus.path} is disabled or not a simple-bus with an empty "
                "ranges (nor the node's own isa bus)")
        bus = bus.parent
    return node


def select(tree, sources):
    """(kept, drivers, dropped): the sources to build, every driver source,
    and the drivers left out."""
    present = board_compatibles(tree)
    kept, drivers, dropped = [], [], []
    handled, isa_handled = set(), set()
    for src in sources:
        if src.endswith(".c"):
            with open(src, encoding="utf-8") as f:
                text = f.read()
            compat = driver_compatibles(src, text)
            if compat:
                drivers.append(src)
                handled.update(c for lst in compat for c in lst)
                if "isa_reg(" in text:
                    isa_handled.update(c for lst in compat for c in lst)
                if not any(c in present for lst in compat for c in lst):
                    dropped.append(src)
                    continue
        kept.append(src)
    console = stdout_node(tree)
    if console is not None and not handled & set(console.strings("compatible")):
        raise ValueError(f"stdout-path names {console.path}, which no driver "
                         f"handles (compatible {console.strings('compatible')})")
    # On an isa bus only a driver that decodes its ports (isa_reg()) can
    # use the node: fdt_reg() refuses a bus-local address (E_NOTSUP).
    if console is not None and "isa" in console.parent.strings("compatible") \
            and not isa_handled & set(console.strings("compatible")):
        raise ValueError(f"stdout-path names {console.path}, which is not "
                         "mapped: no driver that decodes isa I/O ports "
                         f"handles it (compatible {console.strings('compatible')})")
    return kept, drivers, dropped


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        tree = fdtlib.Tree.load(argv[0])
        lists = select(tree, argv[2:])
    except (OSError, ValueError) as e:
        print(f"board-drivers: {e}", file=sys.stderr)
        return 1
    with open(argv[1], "w", encoding="utf-8") as f:
        for var, items in zip(("BOARD_SOURCES", "BOARD_DRIVER_SOURCES",
                               "BOARD_DRIVERS_LEFT_OUT"), lists):
            f.write(f"set({var}\n" + "".join(f"  {i}\n" for i in items)
                    + ")\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
